"""What the offline preview's check tells admins (each line names the setting to change)."""

from django.utils.translation import gettext_lazy as _

OFFLINE_ACTIVE = _(
    "The offline preview is on: pictures are drawn locally and are not AI. To use a real "
    "model, set %(settings)s."
)
OFFLINE_DESPITE_KEY = _(
    "The offline preview is on although %(variable)s is set, because IMAGE_PROVIDER is "
    "'offline': remove IMAGE_PROVIDER or set it to %(provider)s to use the real model."
)
PREVIEW_FAILED = _("The offline preview could not draw the test picture (%(detail)s).")
