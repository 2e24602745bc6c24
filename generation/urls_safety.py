"""A class's safety log and its own disallow list (added to generation.urls)."""

from django.urls import path

from generation.views import safety

urlpatterns = [
    path("teach/classes/<int:classroom_id>/safety/", safety.safety_log, name="teacher_safety_log"),
    path(
        "teach/classes/<int:classroom_id>/safety/terms/",
        safety.class_term_add,
        name="teacher_class_term_add",
    ),
    path(
        "teach/classes/<int:classroom_id>/safety/terms/remove/",
        safety.class_term_remove,
        name="teacher_class_term_remove",
    ),
    path(
        "teach/classes/<int:classroom_id>/safety/default-lists/",
        safety.class_category_switch,
        name="teacher_class_category_switch",
    ),
]
