"""The main pages of every role, rendered in Spanish, show no English: neither a sentence
of our catalogue left untranslated nor text that was never marked for translation."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from classrooms.models import Assignment, Classroom, User
from generation import messages
from generation.exports.models import Export
from generation.models import Generation, Metaprompt
from generation.services.exports import export_build
from tests.i18n.catalogue import english_sentences, visible_texts
from tests.support.factories import blocked_generation, finished_generation

# Words of English that Spanish text never uses: a page whose text holds one, outside
# the test's own data, shows a string nobody marked (or translated).
ENGLISH_WORDS = {
    "the", "and", "your", "you", "is", "are", "this", "that", "with", "for", "not",
    "picture", "pictures", "class", "classes", "please", "has", "have", "was", "will",
    "can", "of", "to", "by", "new", "add", "see", "show", "more", "yet", "all", "what",
    "who", "when", "where", "why", "how", "sign", "student", "students", "teacher",
    "assignment", "review", "approve", "reject", "blocked", "save", "change", "back",
    "into", "list", "page", "name", "none", "only", "one", "some", "here", "there",
    "from", "out", "off", "on", "it", "or", "be", "if", "at", "an", "school", "word",
}  # fmt: skip
# The logo is "Edu<span>4</span>All": its last text node is a name, not English.
LOGO_TAIL = "All"
APPROVED_PROMPT = "el Coliseo lleno de gatos"
WAITING_PROMPT = "un dragón amable"
BLOCKED_PROMPT = "un caballero con espadas"


@pytest.fixture
def spanish_school(
    classroom: Classroom, assignment: Assignment, teacher: User, student: User
) -> dict[str, object]:
    """One class in Spanish, as a school that teaches in Spanish would have it."""
    classroom.name = "Clase 5B"
    classroom.save()
    assignment.title = "Un monumento en un lugar nuevo"
    assignment.instructions = "Dibuja un monumento famoso en un sitio sorprendente."
    assignment.save()
    approved = finished_generation(
        student=student,
        assignment=assignment,
        status=Generation.Status.APPROVED,
        prompt=APPROVED_PROMPT,
    )
    waiting = finished_generation(student=student, assignment=assignment, prompt=WAITING_PROMPT)
    blocked_generation(student=student, assignment=assignment, prompt=BLOCKED_PROMPT)
    return {
        "classroom": classroom,
        "assignment": assignment,
        "approved": approved,
        "waiting": waiting,
    }


def _in_spanish(client: Client, user: User) -> Client:
    user.language = "es"
    user.save()
    client.force_login(user)
    return client


def _test_data(user: User) -> list[str]:
    """What the test itself wrote (names, prompts): data, not the site's text (and the
    metaprompt's placeholder, a name in code)."""
    names = [str(u) for u in User.objects.all()] + [u.username for u in User.objects.all()]
    return sorted({*names, "Edu4All", "offline-preview", "{disallow_list}"}, key=len, reverse=True)


def english_on(client: Client, url: str, user: User) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert '<html lang="es"' in html or 'lang="es"' in html[:500], url
    found = []
    text = " | ".join(visible_texts(html))
    for sentence in english_sentences():
        if sentence in text:
            found.append(f"catalogue sentence: {sentence!r}")
    for piece in visible_texts(html):
        if piece == LOGO_TAIL:
            continue
        for data in _test_data(user):
            piece = piece.replace(data, " ")
        words = set(re.findall(r"[^\W\d_]+", piece.lower()))
        if words & ENGLISH_WORDS:
            found.append(f"English text: {piece!r}")
    return found


def test_a_students_pages_in_spanish_show_no_english(
    client: Client, student: User, spanish_school: dict[str, object]
) -> None:
    _in_spanish(client, student)
    assignment = spanish_school["assignment"]
    approved = spanish_school["approved"]
    classroom = spanish_school["classroom"]
    # A decision not seen yet: its "1 new" on the class page, before the assignment clears it.
    Generation.objects.filter(pk=approved.pk).update(decision_unseen=True)  # type: ignore[attr-defined]
    urls = [
        reverse("student_classes"),
        reverse("student_class", args=[classroom.pk]),  # type: ignore[attr-defined]
        reverse("student_assignment", args=[assignment.pk]),  # type: ignore[attr-defined]
        reverse("image", args=[approved.pk]),  # type: ignore[attr-defined]
        reverse("gallery", args=[assignment.pk]),  # type: ignore[attr-defined]
        reverse("families"),
    ]
    assert {url: english_on(client, url, student) for url in urls} == {url: [] for url in urls}


def test_a_teachers_pages_in_spanish_show_no_english(
    client: Client, teacher: User, spanish_school: dict[str, object]
) -> None:
    _in_spanish(client, teacher)
    assignment = spanish_school["assignment"]
    classroom = spanish_school["classroom"]
    waiting = spanish_school["waiting"]
    classroom.pause(by=teacher)  # type: ignore[attr-defined]  # its badge on the dashboard
    urls = [
        reverse("teacher_dashboard"),
        reverse("teacher_class", args=[classroom.pk]),  # type: ignore[attr-defined]
        reverse("teacher_assignment", args=[assignment.pk]),  # type: ignore[attr-defined]
        reverse("review_queue"),
        reverse("teacher_safety_log", args=[classroom.pk]),  # type: ignore[attr-defined]
        reverse("image", args=[waiting.pk]),  # type: ignore[attr-defined]
        reverse("teacher_class_live", args=[classroom.pk]),  # type: ignore[attr-defined]
    ]
    assert {url: english_on(client, url, teacher) for url in urls} == {url: [] for url in urls}


def test_the_class_book_pages_in_spanish_show_no_english(
    client: Client, teacher: User, spanish_school: dict[str, object]
) -> None:
    _in_spanish(client, teacher)
    assignment = spanish_school["assignment"]
    ready = Export.objects.create(
        assignment=assignment, teacher=teacher, kind="book", source="approved", language="es"
    )
    export_build(export_id=ready.pk)
    waiting = Export.objects.create(
        assignment=assignment, teacher=teacher, kind="zip", source="approved", language="es"
    )
    with translation.override("es"):  # as the worker stores it, in the teacher's language
        failed = Export.objects.create(
            assignment=assignment, teacher=teacher, kind="zip", source="turned_in",
            language="es", state="failed", error_message=str(messages.EXPORT_FAILED),
        )  # fmt: skip
    urls = [
        reverse("teacher_class_book", args=[assignment.pk]),  # type: ignore[attr-defined]
        *(reverse("teacher_export", args=[export.pk]) for export in (ready, waiting, failed)),
    ]
    assert {url: english_on(client, url, teacher) for url in urls} == {url: [] for url in urls}


def test_the_admins_pages_in_spanish_show_no_english(
    client: Client, admin_user: User, spanish_school: dict[str, object]
) -> None:
    _in_spanish(client, admin_user)
    spanish_metaprompt = Metaprompt.objects.create(
        text="Dibuja imágenes seguras para niños. Nunca: {disallow_list}"
    )
    urls = [
        reverse("admin:index"),
        reverse("admin_check_provider"),
        reverse("admin_disallow_list_import"),
        reverse("admin_try_prompt"),
        reverse("admin_default_lists"),
        reverse("admin:generation_costreport_changelist"),
        reverse("admin:generation_metaprompt_changelist"),
        reverse("admin:generation_metaprompt_change", args=[spanish_metaprompt.pk]),
        reverse("admin_usage_report"),
    ]
    assert {url: english_on(client, url, admin_user) for url in urls} == {url: [] for url in urls}


def test_a_visitor_who_reads_spanish_sees_the_sign_in_pages_in_spanish(
    client: Client, db: None
) -> None:
    visitor = User(username="nobody")
    pages = [
        reverse("login"),
        reverse("student_signup"),
        reverse("teacher_signup"),
        reverse("families"),
        "/nowhere/",
    ]
    found = {}
    for url in pages:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
        html = response.content.decode()
        assert response.status_code in {200, 404} and 'lang="es"' in html, url
        text = " | ".join(visible_texts(html))
        found[url] = [s for s in english_sentences() if s in text] + [
            piece
            for piece in visible_texts(html)
            if piece != LOGO_TAIL
            and set(re.findall(r"[^\W\d_]+", piece.replace("Edu4All", "").lower())) & ENGLISH_WORDS
        ]
    del visitor
    assert found == {url: [] for url in pages}
