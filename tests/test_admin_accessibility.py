"""The admin pages we added name every input (checked in a browser by axe-core in
tests/system/test_accessibility.py; here, quickly, through the test client)."""

import pytest
from django.test import Client
from django.urls import reverse

from classrooms.models import Assignment, Classroom, User
from generation.models import DisallowedTerm
from tests.support.factories import GenerationFactory

pytestmark = pytest.mark.django_db


def test_each_switch_in_the_disallow_lists_rows_is_named_by_its_term(
    client: Client, admin_user: User, classroom: Classroom
) -> None:
    DisallowedTerm.objects.create(term="lava", classroom=classroom)
    client.force_login(admin_user)
    page = client.get(reverse("admin:generation_disallowedterm_changelist")).content.decode()
    assert 'aria-label="Active: lava"' in page


def test_the_date_and_time_boxes_of_a_due_date_have_names(client: Client, admin_user: User) -> None:
    client.force_login(admin_user)
    page = client.get(reverse("admin:classrooms_assignment_add")).content.decode()
    assert 'aria-label="Due: Date"' in page
    assert 'aria-label="Due: Time"' in page


def test_the_filter_link_for_pictures_with_no_provider_yet_has_a_name(
    client: Client, admin_user: User, student: User, assignment: Assignment
) -> None:
    GenerationFactory(student=student, assignment=assignment, provider="")
    client.force_login(admin_user)
    page = client.get(reverse("admin:generation_generation_changelist")).content.decode()
    assert '<a href="?provider=">-</a>' in page
