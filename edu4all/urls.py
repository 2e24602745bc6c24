from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Edu4All administration"
admin.site.site_title = "Edu4All admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("classrooms.urls")),
    path("", include("generation.urls")),
]
