from django.contrib import admin

from moderation.models import AuditLogEntry, Escalation, Flag


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ("pk", "reason", "status", "user", "thread", "answer", "created_at")
    list_filter = ("status", "reason")
    search_fields = ("text", "user__username")
    raw_id_fields = ("user", "thread", "answer", "resolved_by")
    readonly_fields = ("created_at",)


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence, so nobody edits or deletes it from the admin."""

    list_display = ("created_at", "actor", "action", "target_label", "reason")
    list_filter = ("action",)
    search_fields = ("target_label", "reason", "actor__username")
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    list_display = (
        "thread",
        "source",
        "urgency",
        "status",
        "assigned_to",
        "created_at",
        "resolved_at",
    )
    list_filter = ("status", "urgency", "source")
    raw_id_fields = ("thread", "requested_by", "assigned_to")
    readonly_fields = ("updated_at",)
