from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import User


@admin.register(User)
class WendaUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Wenda", {"fields": ("display_name",)}),)
    list_display = ("username", "display_name", "email", "is_staff", "is_active", "date_joined")
