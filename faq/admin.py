from django.contrib import admin

from faq.models import FaqCategory, FaqEntry, FaqFeedback, FaqRevision, Notification


@admin.register(FaqCategory)
class FaqCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


class FaqRevisionInline(admin.TabularInline):
    model = FaqRevision
    extra = 0
    readonly_fields = ["question", "answer", "editor", "created_at"]
    can_delete = False


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    """Read-mostly: edits that must keep a revision and re-render go through the FAQ pages."""

    list_display = [
        "question",
        "category",
        "language",
        "order",
        "is_published",
        "helpful_yes",
        "helpful_no",
        "updated_at",
    ]
    list_filter = ["is_published", "language", "category"]
    search_fields = ["question", "answer"]
    readonly_fields = [
        "question",
        "answer",
        "answer_html",
        "answer_text",
        "source_answer",
        "source_thread",
        "credited_author",
        "promoted_by",
        "promoted_at",
        "created_by",
        "created_at",
        "updated_at",
        "helpful_yes",
        "helpful_no",
        "merged_into",
    ]
    inlines = [FaqRevisionInline]


@admin.register(FaqFeedback)
class FaqFeedbackAdmin(admin.ModelAdmin):
    list_display = ["entry", "user", "is_helpful", "created_at"]
    list_filter = ["is_helpful"]
    raw_id_fields = ["entry", "user"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "verb", "created_at", "read_at"]
    raw_id_fields = ["recipient", "entry"]
