from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and teams"

    def ready(self):
        from . import middleware  # noqa: F401 (connects its receiver of user_logged_in)
