"""Users with a role and a jurisdiction, and the audit trail of changes and reads."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sosteci.access.roles import Role
from sosteci.territory.models import AdminUnit


class User(AbstractUser):
    """A person who signs in: one role, one jurisdiction (an admin unit), optionally one structure."""

    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices, default=Role.AGENT)
    jurisdiction = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("ressort territorial"),
    )
    structure = models.ForeignKey(
        "directory.Structure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("structure"),
    )
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)

    objects: ClassVar[UserManager[User]] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name", "username"]

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.username})" if full else self.username


class AuditEvent(models.Model):
    """One change (or read of personal data), written in the same transaction as what it records."""

    class Kind(models.TextChoices):
        CHANGE = "change", _("Modification")
        READ = "read", _("Consultation")
        AUTH = "auth", _("Connexion")

    at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("auteur"),
    )
    actor_label = models.CharField(_("auteur (libellé)"), max_length=200, blank=True)
    kind = models.CharField(_("nature"), max_length=8, choices=Kind.choices, default=Kind.CHANGE)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("type d'objet"), max_length=64, blank=True)
    object_id = models.CharField(_("identifiant"), max_length=64, blank=True)
    object_repr = models.CharField(_("objet"), max_length=300, blank=True)
    before = models.JSONField(_("avant"), default=dict, blank=True)
    after = models.JSONField(_("après"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("événement d'audit")
        verbose_name_plural = _("journal d'audit")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="access_audit_object_idx"),
            models.Index(fields=["actor", "at"], name="access_audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for display."""
        keys = list(dict.fromkeys([*self.before, *self.after]))
        return [(k, self.before.get(k), self.after.get(k)) for k in keys]
