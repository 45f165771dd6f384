"""Printable pages as PDFs (care plans, referral packets), rendered without touching the network."""

import weasyprint
from django.http import HttpResponse
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict, request) -> bytes:
    """The template rendered to a PDF. Templates inline what they show (CSS, images as data:
    URLs), so the renderer fetches nothing: every other scheme, the network and local files
    included, is refused."""
    html = render_to_string(template, context, request=request)
    # A fetcher per call: it keeps per-request state.
    no_fetching = weasyprint.URLFetcher(allowed_protocols={"data"})
    return weasyprint.HTML(
        string=html, base_url=request.build_absolute_uri("/"), url_fetcher=no_fetching
    ).write_pdf()


def pdf_response(template: str, context: dict, request, *, filename: str) -> HttpResponse:
    """The template as a PDF download named `filename`."""
    response = HttpResponse(render_pdf(template, context, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
