"""Saving a metaprompt: a text that leaves out a safety part is saved only once confirmed."""

import pytest

from classrooms.models import User
from generation.models import Metaprompt, SafetyAuditEntry
from generation.safety.metaprompt import SafetyPart
from generation.safety.metaprompt_edits import (
    MetapromptNeedsConfirmation,
    metaprompt_save,
    metaprompt_save_would_lose,
)

UNSAFE = "Make pictures for children. Be kind."


def test_a_text_without_safety_parts_is_not_saved_unless_confirmed(admin_user: User) -> None:
    with pytest.raises(MetapromptNeedsConfirmation) as refused:
        metaprompt_save(metaprompt=Metaprompt(text=UNSAFE), actor=admin_user, changed=["text"])

    assert refused.value.missing == (SafetyPart.CHILD_SAFETY, SafetyPart.DISALLOW_LIST)
    assert Metaprompt.objects.count() == 1
    assert not SafetyAuditEntry.objects.exists()


def test_a_confirmed_text_without_safety_parts_is_saved_and_the_audit_says_so(
    admin_user: User,
) -> None:
    metaprompt = Metaprompt(text=UNSAFE)

    metaprompt_save(metaprompt=metaprompt, actor=admin_user, changed=["text"], confirmed=True)

    [entry] = SafetyAuditEntry.objects.all()
    assert entry.detail == (
        "version 2 (active; saved without child-safety wording and {disallow_list}, "
        f"confirmed):\n{UNSAFE}"
    )


def test_switching_on_a_version_without_safety_parts_asks_and_switching_it_off_does_not(
    admin_user: User,
) -> None:
    spare = Metaprompt.objects.create(text="Draw kindly.", is_active=False)

    spare.is_active = True
    assert metaprompt_save_would_lose(metaprompt=spare, changed=["is_active"]) == (
        SafetyPart.CHILD_SAFETY,
        SafetyPart.DISALLOW_LIST,
    )
    spare.is_active = False
    assert metaprompt_save_would_lose(metaprompt=spare, changed=["is_active"]) == ()
    assert metaprompt_save_would_lose(metaprompt=spare, changed=[]) == ()
