from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import LoginAttempt, User


@admin.register(User)
class WendaUserAdmin(UserAdmin):
    # Staff accounts are made here; the reserved-name rule (accounts.validators) binds members
    # signing up, not admins naming official accounts.
    fieldsets = UserAdmin.fieldsets + ((_("Wenda"), {"fields": ("display_name",)}),)
    list_display = ("username", "display_name", "email", "is_staff", "is_active", "date_joined")
    search_fields = UserAdmin.search_fields + ("display_name",)


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
    """Read-only record of failed log-ins; deleting a row is how staff lift a lock-out early."""

    list_display = ("username", "ip_address", "attempted_at")
    list_filter = ("attempted_at",)
    search_fields = ("username", "ip_address")
    readonly_fields = ("username", "ip_address", "attempted_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
