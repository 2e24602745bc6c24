"""Every page offers the language switcher; a signed-in person's choice is kept on their
account for the next visit; a visitor gets the browser's language; dates and money follow
the language."""

import re
from decimal import Decimal

from django.conf import settings
from django.test import Client
from django.urls import reverse

from classrooms.models import Assignment, User
from generation.models import Generation
from tests.support.factories import finished_generation

PASSWORD = "pass-word-123"


def _sign_in(client: Client, user: User, **headers: str) -> None:
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, **headers
    )
    assert response.status_code == 302


def _html_lang(page: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', page)
    assert found
    return found.group(1)


def test_every_page_has_a_labelled_language_switcher_that_posts_to_set_language(
    client: Client, student: User, assignment: Assignment
) -> None:
    pages = [reverse("login"), reverse("student_signup"), "/nowhere/"]
    client.force_login(student)
    pages += [reverse("student_classes"), reverse("student_assignment", args=[assignment.pk])]
    for url in pages:
        page = client.get(url).content.decode()
        form = re.search(r'<form class="language-switcher" method="post" action="([^"]+)"', page)
        assert form and form.group(1) == reverse("set_language"), url
        assert '<label for="language-choice">' in page and 'name="language"' in page, url
        assert '<option value="es" lang="es">Español</option>' in page, url


def test_the_admin_pages_have_the_switcher_too(client: Client, admin_user: User) -> None:
    client.force_login(admin_user)
    for url in [reverse("admin:index"), reverse("admin_try_prompt")]:
        page = client.get(url).content.decode()
        assert 'class="language-switcher"' in page, url


def test_choosing_spanish_saves_it_on_the_user_and_their_next_visit_is_in_spanish(
    client: Client, student: User
) -> None:
    _sign_in(client, student)
    response = client.post(
        reverse("set_language"), {"language": "es", "next": reverse("student_classes")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("student_classes")
    student.refresh_from_db()
    assert student.language == "es"

    # Another day, another computer: no cookie, a browser that asks for English.
    another_computer = Client()
    _sign_in(another_computer, student, HTTP_ACCEPT_LANGUAGE="en")
    page = another_computer.get(reverse("student_classes"), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert _html_lang(html) == "es"
    assert "Mis clases" in html and "My classes" not in html


def test_the_sign_in_itself_speaks_the_saved_language(client: Client, student: User) -> None:
    student.language = "es"
    student.save()
    response = client.post(
        reverse("login"),
        {"username": student.username, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert _html_lang(response.content.decode()) == "es"
    # And the browser keeps it for the sign-in page after signing out.
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_switching_back_to_english_is_saved_too(client: Client, teacher: User) -> None:
    teacher.language = "es"
    teacher.save()
    client.force_login(teacher)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    teacher.refresh_from_db()
    assert teacher.language == "en"
    assert _html_lang(client.get(reverse("teacher_dashboard")).content.decode()) == "en"


def test_a_language_the_site_does_not_offer_is_not_saved(client: Client, student: User) -> None:
    client.force_login(student)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    student.refresh_from_db()
    assert student.language == ""


def test_the_switcher_is_a_form_post_only(client: Client, student: User) -> None:
    client.force_login(student)
    assert client.get(reverse("set_language"), {"language": "es"}).status_code == 405
    student.refresh_from_db()
    assert student.language == ""


def test_a_visitor_whose_browser_asks_for_spanish_gets_spanish(client: Client, db: None) -> None:
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9,en;q=0.5")
    html = page.content.decode()
    assert _html_lang(html) == "es"
    assert "Iniciar sesión" in html
    assert page["Content-Language"] == "es"


def test_a_visitor_whose_browser_asks_for_english_gets_english(client: Client, db: None) -> None:
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert _html_lang(html) == "en"
    assert "Sign in" in html


def test_a_visitors_choice_lasts_for_their_visit(client: Client, db: None) -> None:
    client.post(reverse("set_language"), {"language": "es", "next": reverse("login")})
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _html_lang(html) == "es"


def test_a_signed_in_person_without_a_choice_gets_the_browsers_language(
    client: Client, teacher: User
) -> None:
    client.force_login(teacher)
    page = client.get(reverse("teacher_dashboard"), HTTP_ACCEPT_LANGUAGE="es")
    assert _html_lang(page.content.decode()) == "es"


def test_costs_and_dates_follow_the_language(
    client: Client, teacher: User, student: User, assignment: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=assignment)
    Generation.objects.filter(pk=picture.pk).update(estimated_cost=Decimal("1.2500"))
    assignment.due_at = assignment.created_at.replace(year=2031, month=3, day=14)
    assignment.save()
    client.force_login(teacher)
    url = reverse("teacher_assignment", args=[assignment.pk])

    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "$1.25" in english
    assert "March 14, 2031" in english

    teacher.language = "es"
    teacher.save()
    spanish = client.get(url).content.decode()
    assert "1,25 US$" in spanish and "$1.25" not in spanish
    assert "14 de marzo de 2031" in spanish
    # The picture page gives one picture's cost to the cent's hundredth, in Spanish too.
    picture_page = client.get(reverse("image", args=[picture.pk])).content.decode()
    assert "1,2500 US$" in picture_page
