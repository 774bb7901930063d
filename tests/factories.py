"""factory_boy factories shared by the tests."""

from __future__ import annotations

from typing import Any

import factory

from sosteci.access.models import User
from sosteci.access.roles import Role
from sosteci.directory.models import Structure, StructureKind
from sosteci.territory.models import AdminUnit, Level

PASSWORD = "un-mot-de-passe-solide-42"


class AdminUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminUnit

    name = factory.Sequence(lambda n: f"Unité {n}")
    pcode = factory.Sequence(lambda n: f"T{n:05d}")
    level = Level.LOCALITE

    @classmethod
    def _create(cls, model_class: type[AdminUnit], *args: Any, **kwargs: Any) -> AdminUnit:
        parent = kwargs.pop("parent", None)
        unit = model_class(*args, **kwargs)
        unit.attach_to(parent)
        unit.save()
        return unit


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    name = factory.Sequence(lambda n: f"Structure {n}")
    kind = StructureKind.NGO
    admin_unit = factory.SubFactory(AdminUnitFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Awa"
    last_name = "Koné"
    role = Role.AGENT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()
