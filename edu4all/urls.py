from django.contrib import admin
from django.urls import include, path

from edu4all.families import families
from edu4all.health import healthz

admin.site.site_header = "Edu4All administration"
admin.site.site_title = "Edu4All admin"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("families/", families, name="families"),
    # Edu4All's own staff pages, before the admin's catch-all (generation/urls_admin.py).
    path("admin/", include("generation.urls_admin")),
    path("admin/", admin.site.urls),
    path("", include("classrooms.urls")),
    path("", include("generation.urls")),
]
