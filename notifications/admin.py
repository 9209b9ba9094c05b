from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "count", "updated_at", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient", "actor", "thread", "answer", "faq_entry"]
