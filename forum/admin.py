from django.contrib import admin

from core.admin_views import ReadOnlyAdmin
from forum.models import Category, Revision, Tag, Vote

# Thread and Answer are registered in moderation/admin.py: the services that keep a post
# consistent when staff change it (revision, re-rendering, secret guard, audit entry) sit in
# moderation, above forum.


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "name_zh", "slug", "order", "is_complaints")
    list_editable = ("order",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    """Read-only: the posts' vote_score counters follow forum.services.vote_cast, not edits here."""

    list_display = ("user", "thread", "answer", "value", "created_at")


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    """Read-only: the history of a post, written by the edit services."""

    list_display = ("pk", "thread", "answer", "editor", "created_at")
