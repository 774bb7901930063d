"""Django admin for users (technical staff only; managers use the web pages) and a read-only audit trail."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from sosteci.access.models import AuditEvent, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "jurisdiction", "is_active")
    list_filter = ("role", "is_active")
    raw_id_fields = ("jurisdiction", "structure")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("SOSTECI", {"fields": ("role", "jurisdiction", "structure", "phone")}),
    )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "kind", "action", "object_type", "object_id", "ip")
    list_filter = ("kind", "action")
    search_fields = ("actor_label", "object_repr", "object_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
