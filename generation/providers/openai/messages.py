"""Every line the check of OpenAI or Azure can say, in one place; each names a setting."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MISSING_SETTINGS = ngettext_lazy(
    "IMAGE_PROVIDER is '%(provider)s' but %(variables)s is empty: set it in the environment.",
    "IMAGE_PROVIDER is '%(provider)s' but %(variables)s are empty: set them in the environment.",
    "count",
)
MISSING_OPENAI_KEY = _(
    "IMAGE_PROVIDER is 'openai' but OPENAI_API_KEY is empty: set OPENAI_API_KEY (any "
    "placeholder will do for a compatible server that needs no key)."
)
MALFORMED_URL = _(
    "%(variable)s is '%(value)s', which is not a web address: set it to a full URL "
    "such as %(example)s."
)
AZURE_ENDPOINT_WITH_PATH = _(
    "AZURE_OPENAI_ENDPOINT is '%(value)s' but must be only the resource address: set it "
    "to %(suggestion)s and the deployment name in AZURE_OPENAI_DEPLOYMENT."
)
OPENAI_WORKS = _("%(server)s accepted %(key)s and serves the model '%(model)s'.")
OPENAI_WORKS_EVEN_EMPTY = _(
    "%(server)s accepted %(key)s and made a picture for the model '%(model)s' even from "
    "an empty test prompt."
)
AZURE_WORKS = _(
    "Azure accepted %(key)s and found the deployment '%(deployment)s' (it turned down "
    "the empty test prompt, so no picture was made and nothing was billed)."
)
AZURE_WORKS_EVEN_EMPTY = _(
    "Azure accepted %(key)s and the deployment '%(deployment)s' made a picture even from "
    "an empty test prompt."
)
OPENAI_BAD_KEY = _("%(server)s refused %(key)s (HTTP 401): check OPENAI_API_KEY.")
OPENAI_FORBIDDEN = _(
    "%(server)s accepted %(key)s but refused to make pictures with it (HTTP 403: "
    "%(detail)s): check OPENAI_API_KEY's permissions and the organisation's verification."
)
AZURE_BAD_KEY = _(
    "Azure refused %(key)s (HTTP 401): check AZURE_OPENAI_API_KEY, and that it belongs to "
    "the resource at AZURE_OPENAI_ENDPOINT."
)
AZURE_FORBIDDEN = _(
    "Azure refused access (HTTP 403: %(detail)s): check AZURE_OPENAI_API_KEY and the "
    "resource's network rules."
)
AZURE_UNKNOWN_DEPLOYMENT = _(
    "The deployment '%(deployment)s' does not exist at %(endpoint)s: check "
    "AZURE_OPENAI_DEPLOYMENT (the deployment's name, not the model's)."
)
AZURE_NOT_FOUND = _(
    "Azure answered 404 for the deployment '%(deployment)s' at %(endpoint)s: check "
    "AZURE_OPENAI_DEPLOYMENT, and AZURE_OPENAI_API_VERSION ('%(version)s') is one that "
    "serves images."
)
AZURE_BAD_API_VERSION = _(
    "Azure does not accept the API version '%(version)s' here (%(detail)s): set "
    "AZURE_OPENAI_API_VERSION to a current version that serves images."
)
AZURE_NOT_AN_IMAGE_MODEL = _(
    "The deployment '%(deployment)s' runs a model that cannot make pictures, or one that "
    "was retired (%(detail)s): set AZURE_OPENAI_DEPLOYMENT to a current image deployment."
)
OPENAI_RETIRED_MODEL = _(
    "The model '%(model)s' is retired, unknown or not open to this key on %(where)s: set "
    "IMAGE_MODEL to a current model such as %(suggestion)s."
)
OPENAI_MODEL_RETIRED_ON = _(
    "The model '%(model)s' is retired: OpenAI stopped serving it on %(day)s. Set "
    "IMAGE_MODEL to %(suggestion)s (or point OPENAI_BASE_URL at a server that still runs it)."
)
AZURE_API_VERSION_TOO_OLD = _(
    "AZURE_OPENAI_API_VERSION is '%(version)s', older than a %(model)s deployment needs "
    "for pictures and edits: set it to %(suggestion)s or later."
)
OPENAI_NO_IMAGES_ROUTE = _(
    "The server at %(url)s has no image route (HTTP 404 on /images/generations): check "
    "OPENAI_BASE_URL (it usually ends in /v1)."
)
UNREACHABLE = _("Could not reach %(url)s (%(reason)s): check %(variables)s.")
FILTERED = _(
    "The safety system refused the harmless test prompt (%(detail)s): check the content "
    "filter of %(variable)s."
)
UNEXPECTED_STATUS = _("%(server)s answered HTTP %(status)s (%(detail)s): %(advice)s")
UNEXPECTED_ERROR = _("The test picture failed (%(detail)s): %(advice)s")
ADVICE_BUSY = _("the account is rate limited or out of credit; check its billing, then retry.")
ADVICE_DOWN = _("the service is failing right now; try again in a few minutes.")
ADVICE_OTHER = _("compare the settings above with the provider's portal.")
