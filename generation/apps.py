from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GenerationConfig(AppConfig):
    name = "generation"
    verbose_name = _("Image generation")

    def ready(self) -> None:
        from edu4all.celery import make_filesystem_broker_folders
        from generation import budget_admin, privacy_admin  # noqa: F401 (budget_admin registers)
        from generation.services import partials  # noqa: F401 (a drawing's end clears its partial)

        # The web process publishes to the filesystem broker too.
        make_filesystem_broker_folders()
        # The admin's user list gets the privacy actions, which need the pictures.
        privacy_admin.register()
