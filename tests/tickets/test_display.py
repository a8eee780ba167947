import pytest

from tests.factories import UserFactory
from tickets.display import person_name


@pytest.mark.django_db
@pytest.mark.parametrize(
    "first, last, shown",
    [("芳", "王", "王芳"), ("Ann", "Lee", "Ann Lee"), ("", "", "user_x"), ("Ann", "", "Ann")],
)
def test_person_name_order(first, last, shown):
    user = UserFactory(username="user_x", first_name=first, last_name=last)
    assert person_name(user) == shown
