from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases"

    def ready(self):
        from clients.holders import register_holder

        from .models import Case

        # Clients are seen through their cases (DESIGN.md §3): clients asks, never imports.
        register_holder(Case)
