import pytest
from django.db import connection
from django.test import override_settings

from tests.factories import CategoryFactory, CustomerFactory, DepartmentFactory, ServiceCenterFactory, make_staff
from tickets.models import Role


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    """PBKDF2 is slow on purpose (about half a second a hash here) and the tests make
    hundreds of users: every test hashes with MD5 instead. Tests only — never a setting."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def center(db):
    return ServiceCenterFactory()


@pytest.fixture
def logistics(db):
    return DepartmentFactory(code="logistics", name="物流部", name_en="Logistics")


@pytest.fixture
def merchandise(db):
    return DepartmentFactory(code="merchandise", name="商品部", name_en="Merchandise")


@pytest.fixture
def agent(center):
    return make_staff(Role.AGENT, center, username="agent")


@pytest.fixture
def other_agent(center):
    return make_staff(Role.AGENT, center, username="agent2")


@pytest.fixture
def lead(center):
    return make_staff(Role.TEAM_LEAD, center, username="lead")


@pytest.fixture
def manager(center):
    return make_staff(Role.SERVICE_MANAGER, center, username="manager")


@pytest.fixture
def logistics_staff(logistics):
    return make_staff(Role.DEPT_STAFF, logistics, username="logistics_staff")


@pytest.fixture
def merchandise_staff(merchandise):
    return make_staff(Role.DEPT_STAFF, merchandise, username="merch_staff")


@pytest.fixture
def customer(db):
    return CustomerFactory(name="张三", phone="13812345678")


@pytest.fixture
def category(db):
    return CategoryFactory(code="delivery", name="配送延误", name_en="Late delivery")


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks / concurrency); set DATABASE_URL")


@pytest.fixture(autouse=True)
def _fresh_kernel_calendars():
    """The kernel-calendar cache is keyed by (id, revision); rolled-back tests reuse
    ids, and rows made with the ORM keep revision 0, so each test starts empty."""
    from sla.kernel_calendars import kernel_cache_clear

    kernel_cache_clear()
