"""The moderation models in the Django admin, and the forum's posts, through the services.

Thread and Answer are registered here, not in forum/admin.py, because the services that
keep them consistent (edit with revision and audit entry, hide) live in moderation, above forum.

A change form may edit the text (title, body) and ``is_hidden``; everything else is read-only,
and posts are neither added nor deleted here (the site's forms create them with rate limits and
escalation; deleting is a soft delete with counters). A text edit goes through
moderation.services.post_edit, so it keeps a Revision, re-renders the Markdown, runs the secret
guard and writes an audit entry; hiding goes through post_hide / post_unhide.

The admin saves only after ``form.is_valid()``, and a refusal from a service must come back as a
form error, so the form applies the change in ``clean()``. That runs inside the transaction
ModelAdmin.changeform_view wraps around the whole request, and ``save_model`` then has nothing
left to do.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.admin_views import ReadOnlyAdmin
from forum.models import Answer, Thread
from moderation import services
from moderation.models import NOTE_MAX_LENGTH, AuditLogEntry, Escalation, Flag


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ("pk", "reason", "status", "user", "thread", "answer", "created_at")
    list_filter = ("status", "reason")
    search_fields = ("text", "user__username")
    raw_id_fields = ("user", "thread", "answer", "resolved_by")
    readonly_fields = ("created_at",)


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(ReadOnlyAdmin):
    """Read-only: the log is evidence, so nobody edits or deletes it from the admin."""

    list_display = ("created_at", "actor", "action", "target_label", "reason")
    list_filter = ("action",)
    search_fields = ("target_label", "reason", "actor__username")
    date_hierarchy = "created_at"


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


# Posts --------------------------------------------------------------------------------------------


class PostAdminForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("Reason (for the audit log)"), required=False, max_length=NOTE_MAX_LENGTH
    )
    editor = None  # the signed-in admin user; PostAdmin.get_form sets it per request
    text_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self._apply(cleaned)
        except ValidationError as error:
            self.add_error(None, error.messages)
        except PermissionDenied as error:
            self.add_error(None, str(error))
        return cleaned

    def _apply(self, cleaned) -> None:
        # self.instance still holds the stored values here: construct_instance() copies the
        # form's data onto it only after clean(), in _post_clean().
        post, reason = self.instance, cleaned.get("reason", "")
        text = {name: cleaned[name] for name in self.text_fields}
        # One savepoint: a refused hide after an accepted edit must undo the edit too, since
        # the admin's own transaction still commits when it re-shows the form.
        with transaction.atomic():
            if any(text[name] != getattr(post, name) for name in text):
                services.post_edit(post=post, moderator=self.editor, reason=reason, **text)
            if cleaned["is_hidden"] != post.is_hidden:
                change = services.post_hide if cleaned["is_hidden"] else services.post_unhide
                change(post=post, moderator=self.editor, reason=reason)


class ThreadAdminForm(PostAdminForm):
    text_fields = ("title", "body")

    class Meta:
        model = Thread
        fields = ("title", "body", "is_hidden")


class AnswerAdminForm(PostAdminForm):
    text_fields = ("body",)

    class Meta:
        model = Answer
        fields = ("body", "is_hidden")


class PostAdmin(admin.ModelAdmin):
    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"editor": request.user})

    def save_model(self, request, obj, form, change) -> None:
        pass  # PostAdminForm.clean() already saved through the services

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AnswerInline(admin.TabularInline):
    """The thread's answers, to follow to their own change page."""

    model = Answer
    fields = ("author", "body", "vote_score", "is_hidden", "is_deleted")
    readonly_fields = fields
    show_change_link = True
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Thread)
class ThreadAdmin(PostAdmin):
    form = ThreadAdminForm
    fields = (
        "title",
        "body",
        "is_hidden",
        "reason",
        "author",
        "category",
        "tags",
        "language",
        "is_pinned",
        "is_locked",
        "is_deleted",
        "accepted_answer",
        "duplicate_of",
        "closed_at",
        "closed_reason",
        "vote_score",
        "answer_count",
        "created_at",
        "edited_at",
        "last_activity_at",
    )
    readonly_fields = fields[4:]
    list_display = (
        "title",
        "category",
        "author",
        "language",
        "answer_count",
        "vote_score",
        "is_pinned",
        "is_locked",
        "is_hidden",
        "is_deleted",
        "last_activity_at",
    )
    list_filter = ("category", "language", "is_pinned", "is_locked", "is_hidden", "is_deleted")
    list_select_related = ("category", "author")
    search_fields = ("title", "body")
    inlines = [AnswerInline]


@admin.register(Answer)
class AnswerAdmin(PostAdmin):
    form = AnswerAdminForm
    fields = (
        "body",
        "is_hidden",
        "reason",
        "thread",
        "author",
        "is_deleted",
        "vote_score",
        "created_at",
        "updated_at",
        "edited_at",
    )
    readonly_fields = fields[3:]
    list_display = ("pk", "thread", "author", "vote_score", "is_hidden", "is_deleted", "created_at")
    list_filter = ("is_hidden", "is_deleted")
    list_select_related = ("thread", "author")
    search_fields = ("body",)
