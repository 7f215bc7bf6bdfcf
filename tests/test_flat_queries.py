"""The `assert_flat_queries` fixture (tests/conftest.py) fails where it should."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def grow_groups(size):
    for n in range(Group.objects.count(), size):
        Group.objects.create(name=f"Grupp {n}")


def one_query_per_group():
    return [group.permissions.count() for group in Group.objects.all()]


def one_query():
    return list(Group.objects.all())


def test_a_count_that_grows_with_the_data_fails(assert_flat_queries):
    with pytest.raises(AssertionError, match="queries grow"):
        assert_flat_queries(one_query_per_group, grow=grow_groups, sizes=(2, 5))


def test_a_flat_count_passes_and_is_returned_per_size(assert_flat_queries):
    assert assert_flat_queries(one_query, grow=grow_groups, sizes=(2, 5)) == [1, 1]


def test_a_count_over_the_budget_fails(assert_flat_queries):
    with pytest.raises(AssertionError, match="more than 0 queries"):
        assert_flat_queries(one_query, grow=grow_groups, sizes=(2, 5), budget=0)


def test_several_requests_are_counted_one_by_one(assert_flat_queries):
    requests = {"flat": one_query, "growing": one_query_per_group}
    with pytest.raises(AssertionError, match="growing"):
        assert_flat_queries(requests, grow=grow_groups, sizes=(1, 3))
