"""An outcome report's table as CSV (the stdlib) or XLSX (openpyxl), each download recorded."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

from .models import ReportExport
from .reports import Report, Scope, Table

CONTENT_TYPES = {
    ReportExport.Format.CSV: "text/csv; charset=utf-8",
    ReportExport.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# Text a spreadsheet opening the CSV would run as a formula (OWASP's CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """A text cell that would start a formula, quoted so it stays text; the rest as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.headers)
    writer.writerows([_cell(value) for value in row] for row in table.rows)
    return out.getvalue().encode("utf-8")


def _xlsx(table: Table, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(table.headers)
    for row in table.rows:
        sheet.append(list(row))
    for cells in sheet.iter_rows():
        for cell in cells:
            # A name such as "=HYPERLINK(...)" is text, never a formula run on opening.
            if cell.data_type == "f":
                cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export(report: Report, scope: Scope, fmt: str) -> HttpResponse:
    """The report's rows in `fmt`, exactly those the page shows, and the export's audit row."""
    table = report.run(scope)
    body = _csv(table) if fmt == ReportExport.Format.CSV else _xlsx(table, str(report.title))
    ReportExport.objects.create(
        user=scope.user,
        report=report.key,
        filters=scope.filters(),
        row_count=len(table.rows),
        format=fmt,
    )
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = f"{report.key}-{scope.team.pk}-{scope.date_from}-{scope.date_to}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
