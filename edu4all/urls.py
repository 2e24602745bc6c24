from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from edu4all.families import families
from edu4all.health import healthz

admin.site.site_header = _("Edu4All administration")
admin.site.site_title = _("Edu4All admin")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("families/", families, name="families"),
    # Edu4All's own staff pages, before the admin's catch-all (generation/urls_admin.py).
    path("admin/", include("generation.urls_admin")),
    path("admin/", admin.site.urls),
    path("", include("classrooms.urls")),
    path("", include("generation.urls")),
]
