"""factory-boy factories for organisations, users and ledger records."""

import itertools
from datetime import date

import factory

from fazhi.core.models import Category
from fazhi.core.validators import make_id_number
from fazhi.disputes.models import Dispute, DisputeParty
from fazhi.orgs.models import Organisation, OrgKind, RoleAssignment, User
from fazhi.orgs.services import organisation_create

PASSWORD = "Test@2026pw"
_codes = itertools.count(1000)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrgKind.TOWNSHIP
    name = factory.Sequence(lambda n: f"测试镇{n}")
    short_name = factory.LazyAttribute(lambda o: o.name[:2])
    code = factory.LazyFunction(lambda: f"T{next(_codes)}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the creation service, as the pages create organisations (a district gets its lists).
        return organisation_create(*args, **kwargs)


def district(name="云岭区"):
    return OrganisationFactory(kind=OrgKind.DISTRICT, name=name, short_name=name[:2])


def township(parent, name, short):
    return OrganisationFactory(kind=OrgKind.TOWNSHIP, name=name, short_name=short, parent=parent)


def village(parent, name):
    return OrganisationFactory(kind=OrgKind.VILLAGE, name=name, short_name=name[:2], parent=parent)


def group(parent, name):
    return OrganisationFactory(kind=OrgKind.GROUP, name=name, short_name=name, parent=parent)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def finish(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(username, role, organisation):
    user = UserFactory(username=username)
    RoleAssignment.objects.create(user=user, role=role, organisation=organisation)
    return user


def dispute_type(township_org, code="neighbour"):
    return Category.objects.get(
        list_key="dispute_type", district_id=township_org.district_id, code=code, township=None
    )


def valid_id(seq=1, birth=date(1980, 5, 17)):
    return make_id_number("500101", birth, seq)


class DisputeFactory(factory.django.DjangoModelFactory):
    """A dispute written directly (tests of services use the services instead)."""

    class Meta:
        model = Dispute

    number = factory.Sequence(lambda n: f"测试-纠纷-2025-{n:04d}")
    received_on = date(2025, 3, 1)
    summary = "邻里排水纠纷"
    dispute_type = factory.LazyAttribute(lambda o: dispute_type(o.township))


class DisputePartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisputeParty

    name = "张三丰"
    id_number = factory.LazyFunction(valid_id)
    phone = "13812345678"
    address = "云岭区青山镇红星村3组12号"
