"""A student asks for a picture: what is accepted, blocked or refused, and what is saved."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from classrooms.models import Assignment, User
from generation.models import DisallowedTerm, Generation
from generation.services import generation_submit, prompt_length_limit


def submit(student: User, assignment: Assignment, prompt: str, **options: str) -> Generation:
    [generation] = generation_submit(
        student=student, assignment=assignment, prompt=prompt, options=options
    )
    return generation


def test_a_good_prompt_is_queued_and_sent_to_the_worker_after_commit(
    student: User, assignment: Assignment, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        generation = submit(
            student,
            assignment,
            "  the Pyramids under the sea  ",
            orientation="landscape",
            style="natural",
        )

    generation.refresh_from_db()
    assert generation.status == Generation.Status.QUEUED
    assert generation.prompt == "the Pyramids under the sea"
    assert generation.options == {
        "orientation": "landscape",
        "quality": "standard",
        "style": "natural",
    }
    assert generation.size == "1792x1024"
    assert generation.provider == "offline"
    assert len(callbacks) == 1


def test_a_prompt_on_the_disallow_list_is_saved_blocked_and_never_enqueued(
    student: User, assignment: Assignment, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        generation = submit(student, assignment, "a knight with SWORDS at the castle")

    generation.refresh_from_db()
    assert generation.status == Generation.Status.BLOCKED
    assert (generation.safety_layer, generation.safety_rule) == ("school_list", "swords")
    assert "swords" not in generation.error_message.lower()
    # Only the teachers' notification is queued, never a picture.
    assert ["notify_blocked_attempt" in repr(callback) for callback in callbacks] == [True]


def test_the_check_is_whole_word_so_innocent_words_pass(
    student: User, assignment: Assignment
) -> None:
    generation = submit(student, assignment, "a swordfish and a bloodhound at Big Ben")
    assert generation.status == Generation.Status.QUEUED


def test_a_longer_listed_phrase_is_recorded_as_the_rule(
    student: User, assignment: Assignment
) -> None:
    generation = submit(student, assignment, "a cartoon with adult   content")
    assert generation.safety_rule == "adult content"


def test_an_admins_new_term_blocks_at_once_and_a_removed_one_stops_blocking(
    student: User, assignment: Assignment
) -> None:
    assert submit(student, assignment, "a volcano erupting").status == Generation.Status.QUEUED
    term = DisallowedTerm.objects.create(term="Volcano")
    assert submit(student, assignment, "a VOLCANO at night").status == Generation.Status.BLOCKED
    term.is_active = False
    term.save()
    assert submit(student, assignment, "a volcano at dawn").status == Generation.Status.QUEUED


def test_blocked_attempts_do_not_use_up_the_quota(student: User, assignment: Assignment) -> None:
    assignment.image_limit = 1
    assignment.save()
    for _ in range(3):
        submit(student, assignment, "blood everywhere")
    assert submit(student, assignment, "a happy castle").status == Generation.Status.QUEUED


@pytest.mark.parametrize(
    ("prompt", "options", "code"),
    [
        ("", {}, "empty"),
        ("   \n\t ", {}, "empty"),
        ("x" * 5000, {}, "too_long"),
        ("a castle", {"orientation": "portrait"}, "option"),
        ("a castle", {"quality": "hd"}, "option"),
        ("a castle", {"orientation": "panorama"}, "option"),
    ],
)
def test_bad_requests_are_refused_with_a_reason_and_save_nothing(
    student: User, assignment: Assignment, prompt: str, options: dict[str, str], code: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        submit(student, assignment, prompt, **options)
    assert refused.value.code == code
    assert not Generation.objects.exists()


def test_the_length_limit_leaves_room_for_the_safety_frame(db: None) -> None:
    # DALL-E 3 accepts 4,000 characters; the metaprompt must always fit in front.
    assert 2500 < prompt_length_limit() < 4000


def test_a_closed_assignment_takes_no_new_pictures(student: User, assignment: Assignment) -> None:
    assignment.close()
    with pytest.raises(ValidationError) as refused:
        submit(student, assignment, "a castle")
    assert refused.value.code == "closed"
    assert not Generation.objects.exists()


def test_an_assignment_past_its_due_date_takes_no_new_pictures(
    student: User, assignment: Assignment
) -> None:
    assignment.due_at = timezone.now() - timedelta(minutes=1)
    assignment.save()
    with pytest.raises(ValidationError):
        submit(student, assignment, "a castle")
    assert not Generation.objects.exists()


def test_the_quota_counts_pictures_made_but_not_failures(
    student: User, assignment: Assignment
) -> None:
    assignment.image_limit = 2
    assignment.save()
    first = submit(student, assignment, "a castle")
    Generation.objects.filter(pk=first.pk).update(status=Generation.Status.FAILED)
    submit(student, assignment, "a castle again")
    submit(student, assignment, "a castle once more")
    with pytest.raises(ValidationError) as refused:
        submit(student, assignment, "one too many")
    assert refused.value.code == "quota"
    assert Generation.objects.count() == 3


def test_several_pictures_at_once_are_separate_records_each_with_its_own_task(
    student: User, assignment: Assignment, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        generations = generation_submit(
            student=student,
            assignment=assignment,
            prompt="Big Ben in a jungle",
            options={},
            count=3,
        )
    assert len(generations) == 3 and len(set(g.pk for g in generations)) == 3
    assert len(callbacks) == 3
    assert {g.status for g in generations} == {Generation.Status.QUEUED}


def test_asking_for_more_pictures_than_are_left_saves_nothing(
    student: User, assignment: Assignment
) -> None:
    assignment.image_limit = 2
    assignment.save()
    with pytest.raises(ValidationError) as refused:
        generation_submit(
            student=student, assignment=assignment, prompt="a castle", options={}, count=3
        )
    assert refused.value.code == "quota"
    assert "only 2 more" in refused.value.messages[0]
    assert not Generation.objects.exists()


def test_a_blocked_batch_is_one_blocked_attempt(student: User, assignment: Assignment) -> None:
    generations = generation_submit(
        student=student, assignment=assignment, prompt="blood and swords", options={}, count=4
    )
    assert [g.status for g in generations] == [Generation.Status.BLOCKED]
    assert Generation.objects.count() == 1


@pytest.mark.parametrize("count", [0, 5, -1])
def test_an_impossible_number_of_pictures_is_refused(
    student: User, assignment: Assignment, count: int
) -> None:
    with pytest.raises(ValidationError):
        generation_submit(
            student=student, assignment=assignment, prompt="a castle", options={}, count=count
        )
    assert not Generation.objects.exists()


# --- through the page ------------------------------------------------------------------------


def test_student_submits_through_the_page_and_sees_it_waiting(
    client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    response = client.post(
        reverse("generate", args=[assignment.pk]),
        {"prompt": "Big Ben on Mars", "orientation": "square", "style": "vivid"},
        follow=True,
    )

    assert response.status_code == 200
    assert "Your picture is on its way" in response.content.decode()
    generation = Generation.objects.get()
    assert generation.student == student
    assert f'id="generation-{generation.pk}"' in response.content.decode()
    assert "You can make 4 more pictures" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"prompt": "   "}, "Please write what you would like to see"),
        ({"prompt": "y" * 5000}, "a little too long"),
        ({"prompt": "a castle", "orientation": "portrait"}, "That choice is not available"),
    ],
)
def test_bad_input_on_the_page_gets_a_kind_message_and_saves_nothing(
    client, student: User, assignment: Assignment, data: dict[str, str], message: str
) -> None:
    client.force_login(student)
    response = client.post(reverse("generate", args=[assignment.pk]), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Generation.objects.exists()


def test_a_blocked_prompt_on_the_page_explains_kindly_without_echoing_the_list(
    client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    response = client.post(
        reverse("generate", args=[assignment.pk]), {"prompt": "so much gore"}, follow=True
    )
    page = response.content.decode()
    assert "not allowed at school" in page
    assert "violence" not in page
    assert Generation.objects.get().status == Generation.Status.BLOCKED


def test_student_asks_for_two_pictures_on_the_page(
    client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    page = client.get(reverse("student_assignment", args=[assignment.pk])).content.decode()
    assert 'name="count"' in page
    client.post(reverse("generate", args=[assignment.pk]), {"prompt": "a castle", "count": "2"})
    assert Generation.objects.filter(student=student).count() == 2


def test_quota_used_up_shows_on_the_page(client, student: User, assignment: Assignment) -> None:
    assignment.image_limit = 1
    assignment.save()
    client.force_login(student)
    client.post(reverse("generate", args=[assignment.pk]), {"prompt": "a castle"})
    response = client.post(reverse("generate", args=[assignment.pk]), {"prompt": "another"})
    assert response.status_code == 400
    assert "You have made all 1 pictures" in response.content.decode()
    assert Generation.objects.count() == 1


def test_a_closed_assignment_page_says_so_instead_of_showing_the_form(
    client, student: User, assignment: Assignment
) -> None:
    assignment.close()
    client.force_login(student)
    page = client.get(reverse("student_assignment", args=[assignment.pk])).content.decode()
    assert "This assignment is closed" in page
    assert "Make my picture" not in page


def test_the_form_offers_only_the_options_the_assignment_allows(
    client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    page = client.get(reverse("student_assignment", args=[assignment.pk])).content.decode()
    assert 'value="landscape"' in page
    assert 'value="portrait"' not in page
    assert 'value="hd"' not in page  # only one quality allowed, so no choice is shown
    assert 'value="natural"' in page


def test_student_cannot_open_or_submit_to_another_classes_assignment(
    client, student: User, other_assignment: Assignment
) -> None:
    client.force_login(student)
    assert client.get(reverse("student_assignment", args=[other_assignment.pk])).status_code == 404
    response = client.post(reverse("generate", args=[other_assignment.pk]), {"prompt": "hi"})
    assert response.status_code == 404
    assert not Generation.objects.exists()


def test_teacher_cannot_use_the_student_prompt_form(
    client, teacher: User, assignment: Assignment
) -> None:
    client.force_login(teacher)
    response = client.post(reverse("generate", args=[assignment.pk]), {"prompt": "a castle"})
    assert response.status_code == 403
    assert not Generation.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in(client, assignment: Assignment) -> None:
    response = client.get(reverse("student_assignment", args=[assignment.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
