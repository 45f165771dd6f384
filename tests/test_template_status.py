"""Templates ask a record about its status through its model's properties (`plan.is_active`,
`referral.is_sent`) or print it as a class (`case-{{ case.status }}`), never by comparing it with
a string literal that a renamed status would silently stop matching."""

import re

import pytest
from django.conf import settings

TEMPLATES = settings.BASE_DIR / "templates"
LITERAL_STATUS = re.compile(
    r"\{%\s*(?:el)?if\b[^%]*\.(?:status|state|kind|capacity|agreement)\s*(?:==|!=)\s*['\"]"
)


@pytest.mark.parametrize(
    "name", sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html"))
)
def test_a_template_compares_no_status_with_a_string(name):
    source = (TEMPLATES / name).read_text()

    assert LITERAL_STATUS.findall(source) == []
