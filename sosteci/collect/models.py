"""Forms served to ODK Collect, collect credentials, and submissions stored raw before any processing."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sosteci.core.models import TimeStampedModel


class XForm(TimeStampedModel):
    """One compiled version of an XLSForm; the active version of each form is the one Collect downloads."""

    form_id = models.CharField(_("identifiant du formulaire"), max_length=64)
    version = models.CharField(_("version"), max_length=32)
    title = models.CharField(_("titre"), max_length=200)
    xml = models.TextField(_("XForm"))
    md5 = models.CharField(_("empreinte"), max_length=40)  # "md5:<hex>", as OpenRosa's formList wants it
    media = models.JSONField(_("fichiers joints"), default=list, blank=True)
    roles = models.JSONField(_("rôles autorisés"), default=list, blank=True)
    source = models.CharField(_("source XLSForm"), max_length=200, blank=True)
    is_active = models.BooleanField(_("en service"), default=True)

    class Meta:
        verbose_name = _("formulaire")
        verbose_name_plural = _("formulaires")
        ordering = ["form_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["form_id", "version"], name="collect_xform_version_unique"),
            models.UniqueConstraint(fields=["form_id"], condition=Q(is_active=True), name="collect_xform_one_active"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class CollectCredential(TimeStampedModel):
    """A user's password for ODK Collect, kept as the HTTP Digest HA1 (never the password itself).

    Separate from the web password (argon2 cannot serve Digest authentication); set by the user or an
    administrator, revocable.
    """

    user = models.OneToOneField("access.User", on_delete=models.CASCADE, related_name="collect_credential")
    realm = models.CharField(max_length=60)
    ha1 = models.CharField(max_length=32)
    is_active = models.BooleanField(default=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("identifiant de collecte")
        verbose_name_plural = _("identifiants de collecte")

    def __str__(self) -> str:
        return str(self.user)


class Submission(models.Model):
    """A submission exactly as received, then its processing and review.

    The table is append-only (received rows are never deleted nor their XML changed): with who, when and from
    which address, it is itself the journal of receipts; processing and review write audit rows.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("Reçue, à traiter")
        PROCESSED = "processed", _("Traitée")
        FAILED = "failed", _("Échec du traitement")
        HELD = "held", _("En attente (module à venir)")
        SUPERSEDED = "superseded", _("Remplacée par une correction")

    class Review(models.TextChoices):
        PENDING = "pending", _("À vérifier")
        APPROVED = "approved", _("Validée")
        REJECTED = "rejected", _("Rejetée")

    instance_id = models.CharField(_("instanceID"), max_length=80, unique=True)
    deprecated_id = models.CharField(_("deprecatedID"), max_length=80, blank=True, db_index=True)
    form_id = models.CharField(_("formulaire"), max_length=64, db_index=True)
    form_version = models.CharField(_("version"), max_length=32, blank=True)
    xform = models.ForeignKey(XForm, on_delete=models.PROTECT, null=True, blank=True, related_name="submissions")
    submitted_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="submissions")
    received_at = models.DateTimeField(_("reçue le"), default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    xml = models.TextField(_("XML reçu"))
    sha256 = models.CharField(max_length=64)
    source = models.CharField(_("origine"), max_length=8, default="mobile")
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    error = models.TextField(_("motif de l'échec"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    processed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(_("enregistrements créés"), default=dict, blank=True)
    locality = models.ForeignKey(
        "territory.AdminUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    flags = models.JSONField(_("contrôles qualité"), default=list, blank=True)
    review = models.CharField(
        _("vérification"), max_length=10, choices=Review.choices, default=Review.PENDING, db_index=True
    )
    reviewed_by = models.ForeignKey("access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("soumission")
        verbose_name_plural = _("soumissions")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.form_id} {self.instance_id}"


def attachment_path(instance: SubmissionAttachment, filename: str) -> str:
    return f"collect/{instance.submission.received_at:%Y/%m}/{instance.submission.pk}/{filename}"


class SubmissionAttachment(models.Model):
    """A file sent with a submission (a photo), stored as received with its hash."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="attachments")
    name = models.CharField(max_length=255)
    file = models.FileField(upload_to=attachment_path, max_length=300)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        constraints = [models.UniqueConstraint(fields=["submission", "name"], name="collect_attachment_unique_name")]

    def __str__(self) -> str:
        return self.name
