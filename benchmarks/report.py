"""The page benchmark's results as tables (terminal and markdown) and a chart (SVG, drawn here),
each page's figures set against issue 13's targets; "!" marks a miss."""

from html import escape

from benchmarks.load import MIN_SHARE

MAX_QUERIES = 12
MAX_RATIO = 1.5  # large / small
MAX_ENTITY_P95 = 50.0  # ms at L, a page about one client, case or plan
MAX_FLOOR_RATIO = 5.0  # page / its SQL floor, p50
ENTITY_PAGES = {"client", "case", "care plan"}
SEARCH_P50 = {  # ms at L
    "search: number": 10.0,
    "search: prefix + DOB": 20.0,
    "search: substring": 50.0,
    "search: typo": 100.0,
}

PAGE_HEADER = [
    "page",
    "S p50 ms",
    "L p50 ms",
    "L p95 ms",
    "L/S",
    "queries S / L",
    "L floor p50 ms",
    "L page / floor",
    "L page / minimal",
]
LOAD_HEADER = ["L load", "req/s", "p50 ms", "p95 ms", "errors"]


def miss(text: str, missed: bool) -> str:
    return f"{text} !" if missed else text


def page_rows(small: dict, large: dict) -> list[tuple]:
    rows = []
    for page, s in small["pages"].items():
        big = large["pages"][page]
        ratio = big["p50"] / s["p50"]
        p95_missed = page in ENTITY_PAGES and big["p95"] > MAX_ENTITY_P95
        p50_missed = big["p50"] > SEARCH_P50.get(page, float("inf"))
        rows.append(
            (
                page,
                f"{s['p50']:.1f}",
                miss(f"{big['p50']:.1f}", p50_missed),
                miss(f"{big['p95']:.1f}", p95_missed),
                miss(f"{ratio:.2f}", ratio > MAX_RATIO),
                miss(
                    f"{s['queries']} / {big['queries']}",
                    not s["queries"] == big["queries"] <= MAX_QUERIES,
                ),
                f"{big['floor_p50']:.2f}",
                miss(f"{big['floor_ratio']:.1f}", big["floor_ratio"] > MAX_FLOOR_RATIO),
                f"{big['minimal_ratio']:.1f}",
            )
        )
    minimal = large["minimal"]
    rows.append(
        (
            "minimal view",
            f"{small['minimal']['p50']:.1f}",
            f"{minimal['p50']:.1f}",
            f"{minimal['p95']:.1f}",
            "",
            "",
            "",
            "",
            "1.0",
        )
    )
    return rows


def load_rows(load: dict) -> list[tuple]:
    rows = []
    for name in ("minimal", "mixed"):
        m = load[name]
        rows.append(
            (
                "minimal view only" if name == "minimal" else "reads, searches, writes",
                miss(f"{m['req_s']:.1f}", name == "mixed" and load["ratio"] < MIN_SHARE),
                f"{m['p50']:.1f}" if m["p50"] is not None else "",
                f"{m['p95']:.1f}" if m["p95"] is not None else "",
                miss(str(m["errors"]), m["errors"] > 0),
            )
        )
    rows.append(
        ("mixed / minimal", miss(f"{load['ratio']:.2f}", load["ratio"] < MIN_SHARE), "", "", "")
    )
    return rows


LEGEND = (
    f"! marks a miss of issue 13's targets: L/S above {MAX_RATIO}; queries above {MAX_QUERIES} "
    f"or unequal at S and L; p95 above {MAX_ENTITY_P95:.0f} ms at L on a client, case or plan "
    "page; a search's p50 at L above its target (number 10, prefix + DOB 20, substring 50, "
    f"typo 100 ms); page / SQL floor above {MAX_FLOOR_RATIO:.0f}; mixed load below "
    f"{MIN_SHARE:.2f} x the minimal view's requests/s, or any error."
)


def markdown(results: dict) -> str:
    """The results as markdown: the sizes, the pages table, the load table and the legend."""
    small, large = results["small"], results["large"]
    lines = [f"S: {small['size']}  ", f"L: {large['size']}", ""]
    lines += _md_table(PAGE_HEADER, page_rows(small, large))
    if large.get("load"):
        load = large["load"]
        lines += [
            "",
            f"Load at L: {load['seconds']:.0f} s per mix, gunicorn with {load['workers']} "
            f"workers, {load['threads']} client threads as {load['users']} case managers.",
            "",
        ]
        lines += _md_table(LOAD_HEADER, load_rows(load))
    lines += ["", LEGEND]
    if results["seq_scans"]:
        lines += ["", "Sequential scans of big tables:", ""]
        lines += [f"- {scan}" for scan in results["seq_scans"]]
    return "\n".join(lines) + "\n"


def _md_table(header: list[str], rows: list[tuple]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "|".join([":--"] + ["--:"] * (len(header) - 1)) + "|",
        *("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows),
    ]


def svg(results: dict) -> str:
    """Horizontal bars: each page's p50 at S and at L, against the 50 ms line."""
    small, large = results["small"]["pages"], results["large"]["pages"]
    label_w, bar_w, row_h, top = 170, 420, 26, 58
    scale_max = max(MAX_ENTITY_P95 * 1.2, *(p["p50"] for p in large.values()))
    x = lambda ms: label_w + ms / scale_max * bar_w  # noqa: E731
    height = top + row_h * len(small) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 90}" '
        f'height="{height}" font-family="sans-serif" font-size="12">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{label_w}" y="16" font-weight="bold">Page p50 in ms, S / L '
        f"(dashed: the {MAX_ENTITY_P95:.0f} ms p95 target of a page at L)</text>",
        f'<text x="{label_w}" y="32" fill="#6c757d">grey: S, {escape(results["small"]["size"])}'
        "</text>",
        f'<text x="{label_w}" y="46" fill="#0d6efd">blue: L, {escape(results["large"]["size"])}'
        "</text>",
    ]
    for i, (page, s) in enumerate(small.items()):
        y = top + i * row_h
        big = large[page]["p50"]
        parts += [
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(page)}</text>',
            f'<rect x="{label_w}" y="{y}" width="{x(s["p50"]) - label_w:.1f}" height="9" '
            'fill="#adb5bd"/>',
            f'<rect x="{label_w}" y="{y + 10}" width="{x(big) - label_w:.1f}" height="9" '
            'fill="#0d6efd"/>',
            f'<text x="{x(max(big, s["p50"])) + 4:.1f}" y="{y + 18}">'
            f"{s['p50']:.1f} / {big:.1f}</text>",
        ]
    line = x(MAX_ENTITY_P95)
    parts += [
        f'<line x1="{line:.1f}" y1="{top - 6}" x2="{line:.1f}" y2="{height - 24}" '
        'stroke="#dc3545" stroke-dasharray="4 3"/>',
        f'<text x="{line:.1f}" y="{height - 10}" text-anchor="middle" fill="#dc3545">'
        f"{MAX_ENTITY_P95:.0f} ms</text>",
        "</svg>",
    ]
    return "\n".join(parts) + "\n"
