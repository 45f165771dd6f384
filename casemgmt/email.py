"""Email from templates: emails/<name>.subject.txt, <name>.txt and <name>.html (STYLE.md)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated_email(name: str, *, to, context: dict, headers: dict | None = None) -> None:
    """One email to one user, in plain text and HTML, with links made absolute by SITE_URL
    (emails are sent outside any request). Raises whatever the mail backend raises."""
    context = {"site_url": settings.SITE_URL, "user": to, **context}
    subject = " ".join(render_to_string(f"emails/{name}.subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject, render_to_string(f"emails/{name}.txt", context), to=[to.email], headers=headers
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", context), "text/html")
    message.send()
