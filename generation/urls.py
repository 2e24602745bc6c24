from django.urls import path

from generation import urls_safety
from generation.views import (
    again,
    assignments,
    class_pages,
    editing,
    exports,
    images,
    live_class,
    student,
    teacher,
    turn_in,
)

urlpatterns = [
    path("assignments/<int:assignment_id>/", student.assignment_page, name="student_assignment"),
    path("assignments/<int:assignment_id>/generate/", student.generate, name="generate"),
    path("assignments/<int:assignment_id>/gallery/", student.gallery, name="gallery"),
    path("images/<int:generation_id>/", images.image_page, name="image"),
    path("images/<int:generation_id>/again/", again.another_version, name="another_version"),
    path("images/<int:generation_id>/change/", editing.edit_picture, name="edit_picture"),
    path("images/<int:generation_id>/status/", images.status_fragment, name="image_status"),
    path("images/<int:generation_id>/file/<str:kind>/", images.image_file, name="image_file"),
    # Turning a picture in for its assignment (POST only).
    path("images/<int:generation_id>/turn-in/", turn_in.turn_in, name="turn_in"),
    path("turn-ins/<int:turn_in_id>/take-back/", turn_in.take_back, name="turn_in_take_back"),
    path("images/<int:generation_id>/so-far/", images.partial_file, name="image_partial"),
    # A teacher's pages that show pictures (their roster actions are in classrooms/urls.py).
    path("teach/", class_pages.dashboard, name="teacher_dashboard"),
    path("teach/classes/new/", class_pages.classroom_create, name="teacher_class_create"),
    path("teach/classes/<int:classroom_id>/", class_pages.class_page, name="teacher_class"),
    # The class right now, and the switch that pauses it.
    path("teach/classes/<int:classroom_id>/now/", live_class.live_page, name="teacher_class_live"),
    path(
        "teach/classes/<int:classroom_id>/now/live/",
        live_class.live_fragment,
        name="teacher_class_live_fragment",
    ),
    path("teach/classes/<int:classroom_id>/pause/", live_class.pause, name="teacher_class_pause"),
    path(
        "teach/classes/<int:classroom_id>/resume/", live_class.resume, name="teacher_class_resume"
    ),
    path(
        "teach/classes/<int:classroom_id>/students/",
        class_pages.add_student,
        name="teacher_add_student",
    ),
    path(
        "teach/classes/<int:classroom_id>/assignments/new/",
        assignments.assignment_create,
        name="teacher_assignment_create",
    ),
    path(
        "teach/assignments/<int:assignment_id>/",
        assignments.assignment_page,
        name="teacher_assignment",
    ),
    path(
        "teach/assignments/<int:assignment_id>/edit/",
        assignments.assignment_edit,
        name="teacher_assignment_edit",
    ),
    # The class book: an assignment's pictures as a ZIP of originals or a PDF to print.
    path(
        "teach/assignments/<int:assignment_id>/book/",
        exports.class_book,
        name="teacher_class_book",
    ),
    path("teach/exports/<int:export_id>/", exports.export_page, name="teacher_export"),
    path(
        "teach/exports/<int:export_id>/status/", exports.export_status, name="teacher_export_status"
    ),
    path("teach/exports/<int:export_id>/file/", exports.export_file, name="teacher_export_file"),
    path("teach/review/", teacher.review_queue, name="review_queue"),
    path("teach/review/arrived/", teacher.review_arrived, name="review_arrived"),
    path("teach/review/approve/", teacher.review_many, name="review_many"),
    path("teach/review/reasons/", teacher.preset_reasons, name="preset_reasons"),
    path(
        "teach/assignments/<int:assignment_id>/extra-pictures/",
        teacher.extra_pictures,
        name="teacher_extra_pictures",
    ),
    path("teach/images/<int:generation_id>/review/", teacher.review, name="review"),
]

urlpatterns += urls_safety.urlpatterns
