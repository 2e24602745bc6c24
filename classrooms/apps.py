from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassroomsConfig(AppConfig):
    name = "classrooms"
    verbose_name = _("Classes")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from classrooms.language import use_saved_language_on_sign_in
        from classrooms.lockout import count_wrong_password
        from classrooms.sessions import start_student_session

        user_login_failed.connect(count_wrong_password, dispatch_uid="classrooms-count-wrong")
        user_logged_in.connect(start_student_session, dispatch_uid="classrooms-student-session")
        user_logged_in.connect(use_saved_language_on_sign_in, dispatch_uid="classrooms-language")
