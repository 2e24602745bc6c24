"""The staff pages Edu4All adds beside the Django admin, all under /admin/.

Included before `admin.site.urls`, whose catch-all app pattern would otherwise answer
these addresses with a 404. Every view here is staff-only.
"""

from django.urls import path

from generation.views import safety_admin, usage_report
from generation.views.diagnosis import check_provider

urlpatterns = [
    path("check-provider/", check_provider, name="admin_check_provider"),
    path(
        "disallow-list/import/",
        safety_admin.terms_import_page,
        name="admin_disallow_list_import",
    ),
    path(
        "disallow-list/export.<str:fmt>",
        safety_admin.terms_export,
        name="admin_disallow_list_export",
    ),
    path("default-lists/", safety_admin.default_lists_page, name="admin_default_lists"),
    path("try-a-prompt/", safety_admin.try_prompt, name="admin_try_prompt"),
    path("usage/", usage_report.usage_report_page, name="admin_usage_report"),
]
