from django.contrib import admin

from notifications.models import Notification, OutgoingMail


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "count", "updated_at", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient", "actor", "thread", "answer", "faq_entry"]


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """Read-only: mail is written by the notifications services; staff retry from
    /notifications/mail/, which keeps the queue's rules."""

    list_display = [
        "pk",
        "recipient",
        "frequency",
        "status",
        "attempts",
        "last_error",
        "created_at",
    ]
    list_filter = ["status", "frequency"]
    search_fields = ["recipient__username", "recipient__email", "last_error"]
    readonly_fields = [
        "recipient",
        "frequency",
        "notifications",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
