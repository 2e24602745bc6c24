"""A teacher blocks words for their own class on the safety page; the school list stays."""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from classrooms.models import Assignment, Classroom, User
from generation.models import DisallowedTerm, Generation, SafetyAuditEntry
from generation.safety.terms import disallowed_term_add
from generation.services import generation_submit


def submit(student: User, assignment: Assignment, prompt: str) -> Generation:
    [generation] = generation_submit(
        student=student, assignment=assignment, prompt=prompt, options={}
    )
    return generation


def add_url(classroom: Classroom) -> str:
    return reverse("teacher_class_term_add", args=[classroom.pk])


def remove_url(classroom: Classroom) -> str:
    return reverse("teacher_class_term_remove", args=[classroom.pk])


def terms_of(classroom: Classroom) -> list[str]:
    return list(DisallowedTerm.objects.filter(classroom=classroom).values_list("term", flat=True))


def test_a_word_added_on_the_page_blocks_the_next_picture_in_that_class_only(
    client: Client,
    teacher: User,
    student: User,
    outsider: User,
    classroom: Classroom,
    assignment: Assignment,
    other_assignment: Assignment,
) -> None:
    client.force_login(teacher)

    response = client.post(add_url(classroom), {"term": "  Zombie "}, follow=True)

    assertRedirects(response, reverse("teacher_safety_log", args=[classroom.pk]) + "#class-terms")
    assertContains(response, "“zombie” is now blocked in this class.")
    assertContains(response, "<code>zombie</code>")
    assert terms_of(classroom) == ["zombie"]
    entry = SafetyAuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.classroom, entry.detail) == (
        teacher,
        SafetyAuditEntry.Action.ADDED,
        classroom,
        "zombie",
    )

    here = submit(student, assignment, "a zombie at the Eiffel Tower")
    elsewhere = submit(outsider, other_assignment, "a zombie at the Eiffel Tower")

    assert (here.status, here.safety_layer, here.safety_rule) == (
        Generation.Status.BLOCKED,
        Generation.SafetyLayer.CLASS_LIST,
        "zombie",
    )
    assert elsewhere.status == Generation.Status.QUEUED


def test_a_word_removed_on_the_page_no_longer_blocks_and_the_removal_is_audited(
    client: Client, teacher: User, student: User, classroom: Classroom, assignment: Assignment
) -> None:
    zombie, _created = disallowed_term_add(actor=teacher, term="zombie", classroom=classroom)
    assert submit(student, assignment, "a friendly zombie").status == Generation.Status.BLOCKED
    client.force_login(teacher)

    response = client.post(remove_url(classroom), {"term": zombie.pk}, follow=True)

    assertContains(response, "“zombie” is no longer blocked in this class.")
    assert terms_of(classroom) == []
    removal = SafetyAuditEntry.objects.get(action=SafetyAuditEntry.Action.REMOVED)
    assert (removal.actor, removal.classroom, removal.detail) == (teacher, classroom, "zombie")
    assert submit(student, assignment, "a friendly zombie").status == Generation.Status.QUEUED


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("   ", "Please write the word or phrase you want to block."),
        ("z" * 101, "That is a little long. Please keep it to 100 characters or fewer."),
        ("!!!", "so it would block nothing"),
    ],
    ids=["empty", "over a hundred characters", "punctuation alone"],
)
def test_an_empty_or_too_long_word_gets_a_kind_message_and_saves_nothing(
    client: Client, teacher: User, classroom: Classroom, term: str, message: str
) -> None:
    client.force_login(teacher)

    response = client.post(add_url(classroom), {"term": term})

    assert response.status_code == 400
    assertContains(response, message, status_code=400)
    assert terms_of(classroom) == []
    assert not SafetyAuditEntry.objects.exists()


def test_a_word_of_exactly_a_hundred_characters_is_accepted(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)

    client.post(add_url(classroom), {"term": "z" * 100})

    assert terms_of(classroom) == ["z" * 100]


def test_adding_a_word_twice_says_it_is_already_there_and_keeps_one(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    disallowed_term_add(actor=teacher, term="zombie", classroom=classroom)
    client.force_login(teacher)

    response = client.post(add_url(classroom), {"term": "ZOMBIE"}, follow=True)

    assertContains(response, "“zombie” is already on this class&#x27;s list.")
    assert terms_of(classroom) == ["zombie"]
    assert SafetyAuditEntry.objects.count() == 1


def test_a_teacher_cannot_remove_another_classes_word_through_their_own_page(
    client: Client,
    teacher: User,
    other_teacher: User,
    classroom: Classroom,
    other_classroom: Classroom,
) -> None:
    theirs, _created = disallowed_term_add(
        actor=other_teacher, term="werewolf", classroom=other_classroom
    )
    client.force_login(teacher)

    response = client.post(remove_url(classroom), {"term": theirs.pk}, follow=True)

    assertContains(response, "That word is not on this class&#x27;s list any more.")
    assert terms_of(other_classroom) == ["werewolf"]
    assert not SafetyAuditEntry.objects.filter(action=SafetyAuditEntry.Action.REMOVED).exists()


def test_a_teacher_cannot_remove_a_school_wide_word_through_their_class_page(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    swords = DisallowedTerm.objects.get(term="swords", classroom__isnull=True)
    client.force_login(teacher)

    client.post(remove_url(classroom), {"term": swords.pk})

    assert DisallowedTerm.objects.filter(pk=swords.pk).exists()


def test_the_page_lists_only_this_classes_words_and_counts_the_school_list(
    client: Client,
    teacher: User,
    other_teacher: User,
    classroom: Classroom,
    other_classroom: Classroom,
) -> None:
    disallowed_term_add(actor=teacher, term="zombie", classroom=classroom)
    disallowed_term_add(actor=other_teacher, term="werewolf", classroom=other_classroom)
    school_count = DisallowedTerm.objects.filter(classroom__isnull=True, is_active=True).count()
    client.force_login(teacher)

    response = client.get(reverse("teacher_safety_log", args=[classroom.pk]))

    assertContains(response, "<code>zombie</code>")
    assertNotContains(response, "werewolf")
    assertContains(response, f"The school-wide list ({school_count} words and phrases")
    # The school's words are counted, not printed: the page may be on a classroom projector.
    assertNotContains(response, "<code>swords</code>")


def test_an_emoji_added_on_the_page_really_blocks_a_picture_with_it(
    client: Client, teacher: User, student: User, classroom: Classroom, assignment: Assignment
) -> None:
    client.force_login(teacher)

    response = client.post(add_url(classroom), {"term": "🔫"}, follow=True)

    assertContains(response, "“🔫” is now blocked in this class.")
    blocked = submit(student, assignment, "a pirate with a 🔫\ufe0f on a ship")
    allowed = submit(student, assignment, "a pirate with a parrot on a ship")
    assert (blocked.status, blocked.safety_layer, blocked.safety_rule) == (
        Generation.Status.BLOCKED,
        Generation.SafetyLayer.CLASS_LIST,
        "🔫",
    )
    assert allowed.status == Generation.Status.QUEUED
