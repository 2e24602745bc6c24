from django.contrib.auth import views as auth_views
from django.urls import path

from classrooms.views import accounts, language, roster, student, teacher

# The teacher's dashboard, class page and assignment pages show pictures, so they are
# in generation/urls.py, at the same addresses under the same names.
urlpatterns = [
    path("", accounts.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", language.language_choose, name="set_language"),
    path("join/", accounts.student_signup, name="student_signup"),
    path("signup/teacher/", accounts.teacher_signup, name="teacher_signup"),
    # Students
    path("classes/", student.classes, name="student_classes"),
    path("classes/join/", student.join, name="student_join"),
    path("classes/<int:classroom_id>/", student.class_page, name="student_class"),
    # Teachers
    path(
        "teach/classes/<int:classroom_id>/join-code/",
        teacher.rotate_join_code,
        name="teacher_rotate_join_code",
    ),
    path(
        "teach/classes/<int:classroom_id>/students/<int:student_id>/password/",
        teacher.reset_student_password,
        name="teacher_reset_password",
    ),
    path(
        "teach/classes/<int:classroom_id>/students/<int:student_id>/unlock/",
        teacher.unlock_student_sign_in,
        name="teacher_unlock_sign_in",
    ),
    path(
        "teach/classes/<int:classroom_id>/students/many/",
        roster.add_students,
        name="teacher_add_students",
    ),
    path(
        "teach/classes/<int:classroom_id>/students/<int:student_id>/remove/",
        roster.remove_student,
        name="teacher_remove_student",
    ),
    path(
        "teach/classes/<int:classroom_id>/login-cards/",
        roster.login_cards,
        name="teacher_login_cards",
    ),
    path(
        "teach/classes/<int:classroom_id>/teachers/",
        roster.add_co_teacher,
        name="teacher_add_co_teacher",
    ),
    path(
        "teach/classes/<int:classroom_id>/teachers/<int:teacher_id>/remove/",
        roster.remove_co_teacher,
        name="teacher_remove_co_teacher",
    ),
    path(
        "teach/classes/<int:classroom_id>/archive/",
        roster.archive_class,
        name="teacher_class_archive",
    ),
    path(
        "teach/classes/<int:classroom_id>/restore/",
        roster.restore_class,
        name="teacher_class_restore",
    ),
    path(
        "teach/assignments/<int:assignment_id>/archive/",
        roster.archive_assignment,
        name="teacher_assignment_archive",
    ),
    path(
        "teach/assignments/<int:assignment_id>/restore/",
        roster.restore_assignment,
        name="teacher_assignment_restore",
    ),
    path(
        "teach/assignments/<int:assignment_id>/open/",
        teacher.assignment_toggle_open,
        name="teacher_assignment_toggle",
    ),
]
