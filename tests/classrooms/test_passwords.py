"""The passwords teachers hand out, and the rules for the ones people choose."""

import math
import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from classrooms import passwords
from classrooms.models import Classroom, User

EFF_SHORT = passwords.EFF_SHORT_WORDLIST.read_text(encoding="utf-8").split()


def test_the_handed_out_passwords_have_at_least_36_bits_of_entropy() -> None:
    words = len(passwords.PASSWORD_WORDS)

    bits = passwords.password_entropy_bits()

    assert bits == pytest.approx(3 * math.log2(words) + math.log2(90))
    assert bits >= 36
    # The figure in the note: 1,198 words after the review, so about 37.2 bits
    # (the old word-word-NN had 23,040 values, 14.5 bits).
    assert words == 1198
    assert round(bits, 1) == 37.2


def test_every_word_a_password_can_use_is_from_the_eff_list_and_none_is_excluded() -> None:
    assert len(EFF_SHORT) == 1296
    assert set(passwords.PASSWORD_WORDS) <= set(EFF_SHORT)
    assert not set(passwords.PASSWORD_WORDS) & passwords.NOT_FOR_CHILDREN
    # Every excluded word was reviewed from the list itself (no typos that exclude nothing).
    assert set(EFF_SHORT) >= passwords.NOT_FOR_CHILDREN
    assert {"arson", "coma", "grope", "poker", "nerd"} <= passwords.NOT_FOR_CHILDREN


def test_many_handed_out_passwords_use_only_listed_words_and_two_digits() -> None:
    allowed = set(passwords.PASSWORD_WORDS)
    for _ in range(500):
        password = passwords.friendly_password()
        *words, number = password.split("-")
        assert len(words) == 3
        assert set(words) <= allowed
        assert re.fullmatch(r"[1-9][0-9]", number)


@pytest.mark.django_db
def test_handed_out_passwords_pass_the_password_rules() -> None:
    child = User(username="robin", display_name="Robin Otter", role=User.Role.STUDENT)
    for _ in range(200):
        validate_password(passwords.friendly_password(), child)


@pytest.mark.django_db
def test_the_test_fixtures_password_passes_the_password_rules() -> None:
    validate_password("pass-word-123", User(username="ana", display_name="Ana"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("otter42", "Your password is too short. Use at least 8 letters, numbers or dashes."),
        ("12345678901", "Your password cannot be only numbers. Try adding some words."),
        ("password123", "Lots of people use that password, so it is easy to guess."),
        ("carla_lopez", "Your password is too much like your name."),
        ("Carlita Lopez", "Your password is too much like your name."),
    ],
)
def test_self_sign_up_refuses_a_weak_password_in_words_a_child_understands(
    client: Client, classroom: Classroom, password: str, message: str
) -> None:
    response = client.post(
        reverse("student_signup"),
        {
            "join_code": classroom.join_code,
            "username": "carla_lopez",
            "display_name": "Carlita Lopez",
            "password": password,
        },
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.filter(username="carla_lopez").exists()


@pytest.mark.django_db
def test_the_sign_up_page_says_what_a_good_password_is(client: Client) -> None:
    response = client.get(reverse("student_signup"))

    page = response.content.decode()
    assert "Use at least 8 letters, numbers or dashes." in page
    assert "Do not use only numbers." in page


def test_each_rule_still_refuses_what_djangos_refuses() -> None:
    """The child-friendly messages change the words, not the rules."""
    with pytest.raises(ValidationError) as error:
        validate_password("qzx-7")
    codes = {e.code for e in error.value.error_list}
    assert codes == {"password_too_short"}
    with pytest.raises(ValidationError) as error:
        validate_password("123456789")
    codes = {e.code for e in error.value.error_list}
    assert codes == {"password_too_common", "password_entirely_numeric"}
