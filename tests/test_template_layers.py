"""Templates follow the app layers of pyproject.toml's import-linter contract, as imports do: a
template under templates/<app>/ includes, extends and {% url %}s only its own app, the apps below
it and casemgmt's layer (base.html, components/, registration/, emails/, the error pages). A page
of a lower app shows what a higher one adds through the panels it names (casemgmt/panels.py).
"""

import tomllib

import pytest
from django.conf import settings
from django.template import engines
from django.template.defaulttags import URLNode
from django.template.loader_tags import ExtendsNode, IncludeNode

PYPROJECT = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text())
(LAYERS,) = [
    contract["layers"]
    for contract in PYPROJECT["tool"]["importlinter"]["contracts"]
    if contract["type"] == "layers" and "containers" not in contract
]
RANK = {app: rank for rank, app in enumerate(reversed(LAYERS))}  # casemgmt is 0, the lowest
TEMPLATES = settings.BASE_DIR / "templates"
APP_TEMPLATES = sorted(
    path.relative_to(TEMPLATES).as_posix()
    for app in RANK
    if app != "casemgmt"
    for path in (TEMPLATES / app).rglob("*")
    if path.is_file()
)


def template_app(name: str) -> str:
    """The app whose layer a template belongs to: its folder's, or casemgmt's."""
    folder = name.split("/")[0] if "/" in name else None
    return folder if folder in RANK else "casemgmt"


def url_app(name: str) -> str:
    """The app whose layer a URL name belongs to: its namespace's, or casemgmt's (the root
    URLconf: login, logout, the admin)."""
    namespace = name.split(":")[0] if ":" in name else None
    return namespace if namespace in RANK else "casemgmt"


def references(name: str) -> list[tuple[str, str, str]]:
    """(tag, what it names, that thing's app) for each include, extends and url of a literal
    name in the template; names held in variables are chosen at run time and left out."""
    source = (TEMPLATES / name).read_text()
    nodelist = engines["django"].engine.from_string(source).nodelist
    found = []
    for tag, node_type, attribute, owner in [
        ("extends", ExtendsNode, "parent_name", template_app),
        ("include", IncludeNode, "template", template_app),
        ("url", URLNode, "view_name", url_app),
    ]:
        for node in nodelist.get_nodes_by_type(node_type):
            named = getattr(node, attribute).var
            if isinstance(named, str):
                found.append((tag, named, owner(named)))
    return found


def test_the_layers_run_from_casemgmt_up_to_demo():
    assert LAYERS[-1] == "casemgmt"
    assert LAYERS[0] == "demo"


def test_the_check_reads_extends_include_and_url_from_a_template():
    found = references("clients/search.html")

    assert ("extends", "base.html", "casemgmt") in found
    assert ("include", "clients/_search_results.html", "clients") in found
    assert ("url", "clients:intake", "clients") in found


@pytest.mark.parametrize("name", APP_TEMPLATES)
def test_a_template_uses_only_its_own_app_and_the_apps_below_it(name):
    app = template_app(name)

    above = [(tag, named) for tag, named, owner in references(name) if RANK[owner] > RANK[app]]

    assert above == [], f"{name} ({app}) reaches up to {above}"
