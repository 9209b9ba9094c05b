from django.contrib import admin

from faq.models import FaqCategory, FaqEntry, FaqFeedback, FaqRevision


@admin.register(FaqCategory)
class FaqCategoryAdmin(admin.ModelAdmin):
    """Names are plain data; the order is changed with the FAQ page's move buttons
    (faq_category_move keeps it a clean 0..n-1 sequence)."""

    list_display = ["name", "name_zh", "slug", "order"]
    readonly_fields = ["order"]
    prepopulated_fields = {"slug": ["name"]}


class FaqRevisionInline(admin.TabularInline):
    model = FaqRevision
    extra = 0
    readonly_fields = ["question", "answer", "editor", "created_at"]
    can_delete = False


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    """Read-only: every change has a service behind a button on the FAQ pages (edit keeps a
    revision and re-renders, publish refuses merged entries, move renumbers the category)."""

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
        "category",
        "language",
        "order",
        "is_published",
    ]
    inlines = [FaqRevisionInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FaqFeedback)
class FaqFeedbackAdmin(admin.ModelAdmin):
    """Read-only: the entries' helpful counters follow faq_feedback_record, not edits here."""

    list_display = ["entry", "user", "is_helpful", "created_at"]
    list_filter = ["is_helpful"]
    raw_id_fields = ["entry", "user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
