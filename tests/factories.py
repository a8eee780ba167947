"""factory_boy factories shared by all tests."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from tickets.models import Category, Customer, Department, Role, StaffProfile, Ticket
from tickets.services import ensure_role_groups, staff_set_role


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"部门{n}")
    name_en = factory.Sequence(lambda n: f"Department {n}")
    code = factory.Sequence(lambda n: f"dept{n}")
    kind = Department.Kind.BUSINESS


class ServiceCenterFactory(DepartmentFactory):
    name = "客服中心"
    name_en = "Service Center"
    code = "service-center"
    kind = Department.Kind.SERVICE_CENTER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "pass12345")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook
        if create:
            obj.save()


def make_staff(role: str, department: Department | None = None, **user_kwargs):
    """A user with a role. Service-center roles default to the service center."""
    if department is None:
        from tickets.models.org import DEPARTMENT_ROLES

        department = DepartmentFactory() if role in DEPARTMENT_ROLES else ServiceCenterFactory()
    ensure_role_groups()
    user = UserFactory(**user_kwargs)
    staff_set_role(user=user, department=department, role=role)
    user.refresh_from_db()
    return user


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: f"客户{n}")
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    tier = Customer.Tier.STANDARD


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"类别{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    code = factory.Sequence(lambda n: f"cat{n}")


class TicketFactory(factory.django.DjangoModelFactory):
    """A ticket row written directly (for fixtures that need many). Tests of the
    workflow itself create tickets through `tickets.services.ticket_create`."""

    class Meta:
        model = Ticket

    number = factory.Sequence(lambda n: f"T20260101-{n:06d}")
    title = factory.Sequence(lambda n: f"Ticket {n}")
    channel = "hotline"
    kind = "inquiry"
    category = factory.SubFactory(CategoryFactory)
    customer = factory.SubFactory(CustomerFactory)
    customer_vip = factory.LazyAttribute(lambda ticket: ticket.customer.tier == "vip")  # as ticket_create copies it
    responsible_department = factory.SubFactory(ServiceCenterFactory)
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)


__all__ = [
    "CategoryFactory",
    "CustomerFactory",
    "DepartmentFactory",
    "Role",
    "ServiceCenterFactory",
    "StaffProfile",
    "TicketFactory",
    "UserFactory",
    "make_staff",
]


def record_finding(complaint, *, actor, department: Department | None = None, root_cause: str = "logistics",
                   person=None, now=None):
    """The root-cause finding a complaint needs before it closes
    (COMPLAINTS_ROOT_CAUSE_REQUIRED): by default the complaint type's department, or
    a "logistics" department. Tests that close complaints call this first."""
    from complaints.models import RootCause
    from complaints.services.accountability import finding_record

    if department is None:
        category = complaint.ticket.category
        department = (category.default_department if category and category.default_department_id
                      else DepartmentFactory(code="logistics", name="物流部", name_en="Logistics"))
    return finding_record(actor=actor, complaint=complaint, root_cause=RootCause.objects.get(code=root_cause),
                          responsible_department=department, responsible_person=person, note="",
                          now=now or complaint.ticket.created_at)
