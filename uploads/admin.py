from django.contrib import admin

from uploads.models import Attachment, Upload


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    readonly_fields = ["target_kind", "target_id", "created_at"]


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    """Read-only: files are removed by moderators from the post (moderation app), so that the
    audit log records it and the post re-renders; cleaning is `manage.py clean_uploads`."""

    list_display = ["file_name", "owner", "width", "height", "size_bytes", "created_at"]
    list_filter = ["image_format"]
    search_fields = ["owner__username", "key"]
    readonly_fields = [f.name for f in Upload._meta.fields]
    inlines = [AttachmentInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
