"""Admin building blocks every app shares."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the admin may show but never add, change or delete: they are evidence (the audit
    log) or follow from services (votes, revisions), which the admin would bypass."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
