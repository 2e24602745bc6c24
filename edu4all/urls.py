from django.contrib import admin
from django.urls import include, path

from edu4all.health import healthz
from generation.views import safety_admin
from generation.views.diagnosis import check_provider

admin.site.site_header = "Edu4All administration"
admin.site.site_title = "Edu4All admin"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Before the admin: its catch-all app pattern would answer this address with a 404.
    path("admin/check-provider/", check_provider, name="admin_check_provider"),
    path(
        "admin/disallow-list/import/",
        safety_admin.terms_import_page,
        name="admin_disallow_list_import",
    ),
    path(
        "admin/disallow-list/export.<str:fmt>",
        safety_admin.terms_export,
        name="admin_disallow_list_export",
    ),
    path("admin/try-a-prompt/", safety_admin.try_prompt, name="admin_try_prompt"),
    path("admin/", admin.site.urls),
    path("", include("classrooms.urls")),
    path("", include("generation.urls")),
]
