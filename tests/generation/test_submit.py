"""A student asks for a picture: what is accepted, blocked or refused, and what is saved."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from classrooms.models import Assignment, User
from generation.models import DisallowedTerm, Generation, UsedFormToken
from generation.services import (
    RepeatedSubmission,
    form_token_new,
    generation_submit,
    prompt_length_limit,
)
from tests.support.factories import form_token_on, prompt_post


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
        prompt_post(
            student=student,
            assignment=assignment,
            prompt="Big Ben on Mars",
            orientation="square",
            style="vivid",
        ),
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
    response = client.post(
        reverse("generate", args=[assignment.pk]),
        prompt_post(student=student, assignment=assignment, **data),
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Generation.objects.exists()


def test_a_blocked_prompt_on_the_page_explains_kindly_without_echoing_the_list(
    client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    response = client.post(
        reverse("generate", args=[assignment.pk]),
        prompt_post(student=student, assignment=assignment, prompt="so much gore"),
        follow=True,
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
    client.post(
        reverse("generate", args=[assignment.pk]),
        prompt_post(student=student, assignment=assignment, prompt="a castle", count="2"),
    )
    assert Generation.objects.filter(student=student).count() == 2


def test_quota_used_up_shows_on_the_page(client, student: User, assignment: Assignment) -> None:
    assignment.image_limit = 1
    assignment.save()
    client.force_login(student)
    client.post(
        reverse("generate", args=[assignment.pk]),
        prompt_post(student=student, assignment=assignment, prompt="a castle"),
    )
    response = client.post(
        reverse("generate", args=[assignment.pk]),
        prompt_post(student=student, assignment=assignment, prompt="another"),
    )
    assert response.status_code == 400
    # Issue 10 item 15: one picture is "your 1 picture", never "all 1 pictures".
    assert "You have made your 1 picture for this assignment" in response.content.decode()
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
    response = client.post(
        reverse("generate", args=[other_assignment.pk]),
        prompt_post(student=student, assignment=other_assignment, prompt="hi"),
    )
    assert response.status_code == 404
    assert not Generation.objects.exists()


def test_teacher_cannot_use_the_student_prompt_form(
    client, teacher: User, assignment: Assignment
) -> None:
    client.force_login(teacher)
    response = client.post(
        reverse("generate", args=[assignment.pk]),
        prompt_post(student=teacher, assignment=assignment, prompt="a castle"),
    )
    assert response.status_code == 403
    assert not Generation.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in(client, assignment: Assignment) -> None:
    response = client.get(reverse("student_assignment", args=[assignment.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- a form sent twice (issue 10, item 9) ----------------------------------------------------


def page_url(assignment: Assignment) -> str:
    return reverse("student_assignment", args=[assignment.pk])


def test_a_double_click_makes_one_request_worth_of_pictures(
    client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    token = form_token_on(client.get(page_url(assignment)).content.decode())
    data = {"form_token": token, "prompt": "a castle in the clouds", "count": "2"}

    first = client.post(page_url(assignment), data)
    second = client.post(page_url(assignment), data, follow=True)

    assert first.status_code == 302
    assert second.redirect_chain == [(page_url(assignment), 302)]
    assert "We already have that one. You can see it below." in second.content.decode()
    assert Generation.objects.filter(student=student).count() == 2
    assert UsedFormToken.objects.count() == 1


def test_a_blocked_form_sent_again_is_still_one_attempt(
    client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    data = prompt_post(student=student, assignment=assignment, prompt="so much gore")
    for _ in range(3):
        client.post(page_url(assignment), data)
    assert Generation.objects.filter(status=Generation.Status.BLOCKED).count() == 1


def test_two_posts_of_one_form_at_the_same_moment_make_one_set_of_pictures(
    transactional_db: None, classroom, student: User, teacher: User
) -> None:
    assignment = Assignment.objects.create(
        classroom=classroom, title="Racing", created_by=teacher, image_limit=5
    )
    token = form_token_new(student=student, assignment=assignment)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def post() -> None:
        try:
            barrier.wait()
            generation_submit(
                student=student,
                assignment=assignment,
                prompt="a race",
                options={},
                count=3,
                form_token=token,
            )
            outcomes.append("made")
        except RepeatedSubmission:
            outcomes.append("repeat")
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["made", "repeat"]
    assert Generation.objects.filter(assignment=assignment).count() == 3


def test_a_token_recorded_by_another_post_counts_as_a_repeat(
    student: User, assignment: Assignment
) -> None:
    # As a racing post finds it: already written, so the unique token refuses this one.
    token = form_token_new(student=student, assignment=assignment)
    generation_submit(
        student=student, assignment=assignment, prompt="a fox", options={}, form_token=token
    )
    with pytest.raises(RepeatedSubmission):
        generation_submit(
            student=student, assignment=assignment, prompt="a fox", options={}, form_token=token
        )
    assert Generation.objects.count() == 1


def old_token(student: User, assignment: Assignment, monkeypatch: pytest.MonkeyPatch) -> str:
    two_days_ago = int(time.time()) - 2 * 24 * 3600
    with monkeypatch.context() as patched:
        patched.setattr(
            signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(two_days_ago)
        )
        return form_token_new(student=student, assignment=assignment)


@pytest.mark.parametrize(
    "token",
    ["missing", "empty", "made up", "tampered", "another assignment", "a classmate's", "too old"],
)
def test_a_missing_or_forged_token_gets_a_kind_message_and_saves_nothing(
    client,
    student: User,
    classmate: User,
    assignment: Assignment,
    other_assignment: Assignment,
    monkeypatch: pytest.MonkeyPatch,
    token: str,
) -> None:
    good = form_token_new(student=student, assignment=assignment)
    tokens = {
        "empty": "",
        "made up": "not-a-token",
        "tampered": good[:-3] + ("aaa" if not good.endswith("aaa") else "bbb"),
        "another assignment": form_token_new(student=student, assignment=other_assignment),
        "a classmate's": form_token_new(student=classmate, assignment=assignment),
        "too old": old_token(student, assignment, monkeypatch),
    }
    data = {"prompt": "a castle"}
    if token != "missing":
        data["form_token"] = tokens[token]
    client.force_login(student)

    response = client.post(page_url(assignment), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Sorry, something went wrong with this page. Please press the button again." in page
    assert not Generation.objects.exists()
    assert not UsedFormToken.objects.exists()
    # The form is shown again with the prompt and a token that works.
    assert "a castle" in page
    client.post(page_url(assignment), {"prompt": "a castle", "form_token": form_token_on(page)})
    assert Generation.objects.count() == 1


def test_a_form_shown_again_with_errors_gets_a_new_token(
    client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    sent = prompt_post(student=student, assignment=assignment, prompt="   ")

    response = client.post(page_url(assignment), sent)

    assert response.status_code == 400
    fresh = form_token_on(response.content.decode())
    assert fresh != sent["form_token"]
    client.post(page_url(assignment), {"prompt": "a castle", "form_token": fresh})
    assert Generation.objects.count() == 1


def test_the_form_posts_to_its_own_page_so_a_reload_never_answers_405(
    client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    page = client.get(page_url(assignment)).content.decode()
    assert f'action="{page_url(assignment)}"' in page

    response = client.post(
        page_url(assignment), prompt_post(student=student, assignment=assignment, prompt="")
    )
    assert response.status_code == 400
    assert "Please write what you would like to see" in response.content.decode()
    # Reloading the address the errors were shown at (the browser's GET) is the page.
    assert client.get(page_url(assignment)).status_code == 200


def test_the_old_generate_address_sends_a_get_to_the_assignment_page(
    client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    response = client.get(reverse("generate", args=[assignment.pk]))
    assert (response.status_code, response["Location"]) == (302, page_url(assignment))


def test_the_old_generate_address_still_checks_who_asks(
    client, student: User, other_assignment: Assignment
) -> None:
    client.force_login(student)
    assert client.get(reverse("generate", args=[other_assignment.pk])).status_code == 404


def test_the_button_says_sending_and_is_disabled_while_sending(
    client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    page = client.get(page_url(assignment)).content.decode()
    assert "data-submit-once" in page
    assert 'data-sending-text="Sending…"' in page
    assert '<script src="/static/js/submit-once.js" defer></script>' in page
    # What the script does in a browser: tests/system/test_browser_journey.py (the double click).


# --- invisible prompts (issue 10, item 10) ---------------------------------------------------


@pytest.mark.parametrize(
    "prompt",
    [
        "\u200b\u200b\u200b",  # zero-width spaces
        "\u200c\u200d",  # zero-width non-joiner and joiner
        "\ufeff",  # byte order mark
        "\u2060 \u2060",  # word joiner and a space
        "\u00ad\u180e",  # soft hyphen, Mongolian vowel separator
        "\ufe0f\ufe0e",  # variation selectors
        "\U000e0100\U000e01ef",  # variation selectors supplement
        "\u034f",  # combining grapheme joiner
        "\u3164\u115f",  # Hangul fillers
        "\u2028\u2029\u3000\u00a0",  # line and paragraph separators, wide and no-break space
        "\x00\x07",  # controls
        "\U000e0041\U000e007f",  # tag characters
    ],
    ids=lambda prompt: "+".join(f"U+{ord(c):04X}" for c in prompt),
)
def test_a_prompt_of_only_invisible_characters_counts_as_empty(
    student: User, assignment: Assignment, prompt: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        submit(student, assignment, prompt)
    assert refused.value.code == "empty"
    assert not Generation.objects.exists()


@pytest.mark.parametrize(
    "prompt", ["a\u200bcastle", "\u2764\ufe0f", "\u00e9", "e\u0301", "\u2800x"]
)
def test_a_prompt_with_something_visible_is_not_empty(
    student: User, assignment: Assignment, prompt: str
) -> None:
    assert submit(student, assignment, prompt).status == Generation.Status.QUEUED


def test_an_invisible_prompt_on_the_page_gets_the_kind_message(
    client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    response = client.post(
        page_url(assignment),
        prompt_post(student=student, assignment=assignment, prompt="\u200b\u200d\ufe0f"),
    )
    assert response.status_code == 400
    assert "Please write what you would like to see in your picture." in response.content.decode()
    assert not Generation.objects.exists()


# --- asking for more than remain (issue 10, item 15) -----------------------------------------


@pytest.mark.parametrize(
    ("limit", "message"),
    [
        (1, "You can make only 1 more picture for this assignment. Please ask for 1."),
        (
            2,
            "You can make only 2 more pictures for this assignment. Please ask for 2 or fewer.",
        ),
    ],
)
def test_asking_for_more_than_remain_says_how_many_in_singular_and_plural(
    student: User, assignment: Assignment, limit: int, message: str
) -> None:
    assignment.image_limit = limit
    assignment.save()
    with pytest.raises(ValidationError) as refused:
        generation_submit(
            student=student, assignment=assignment, prompt="a castle", options={}, count=3
        )
    assert refused.value.messages == [message]
    assert not Generation.objects.exists()


def test_a_post_for_three_when_one_remains_is_refused_not_quietly_made_smaller(
    client, student: User, assignment: Assignment
) -> None:
    assignment.image_limit = 2
    assignment.save()
    submit(student, assignment, "the first castle")
    client.force_login(student)
    page = client.get(page_url(assignment)).content.decode()
    assert 'name="count"' not in page  # one left: the form offers no choice
    assert "You can make 1 more picture." in page

    response = client.post(
        page_url(assignment),
        prompt_post(student=student, assignment=assignment, prompt="a castle", count="3"),
    )

    assert response.status_code == 400
    assert (
        "You can make only 1 more picture for this assignment. Please ask for 1."
        in response.content.decode()
    )
    assert Generation.objects.count() == 1


def test_a_count_that_is_not_a_number_is_refused(
    client, student: User, assignment: Assignment
) -> None:
    assignment.image_limit = 1
    assignment.save()
    client.force_login(student)
    response = client.post(
        page_url(assignment),
        prompt_post(student=student, assignment=assignment, prompt="a castle", count="lots"),
    )
    assert response.status_code == 400
    assert "That choice is not available" in response.content.decode()
    assert not Generation.objects.exists()


@pytest.mark.parametrize(
    ("limit", "message"),
    [
        (1, "You have made your 1 picture for this assignment. Great work!"),
        (2, "You have made all 2 pictures for this assignment. Great work!"),
    ],
)
def test_the_quota_used_up_message_reads_right_for_one_and_for_more(
    student: User, assignment: Assignment, limit: int, message: str
) -> None:
    assignment.image_limit = limit
    assignment.save()
    for n in range(limit):
        submit(student, assignment, f"castle {n}")
    with pytest.raises(ValidationError) as refused:
        submit(student, assignment, "one too many")
    assert refused.value.messages[0].startswith(message)
