from django.contrib import admin

from forum.models import Answer, Category, Revision, Tag, Thread, Vote


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "name_zh", "slug", "order", "is_complaints")
    list_editable = ("order",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ("author", "body", "vote_score", "is_hidden", "is_deleted")
    readonly_fields = ("vote_score",)
    raw_id_fields = ("author",)
    extra = 0


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
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
    search_fields = ("title", "body")
    raw_id_fields = ("author", "accepted_answer")
    readonly_fields = ("vote_score", "answer_count", "created_at", "edited_at", "last_activity_at")
    filter_horizontal = ("tags",)
    inlines = [AnswerInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ("pk", "thread", "author", "vote_score", "is_hidden", "is_deleted", "created_at")
    list_filter = ("is_hidden", "is_deleted")
    search_fields = ("body",)
    raw_id_fields = ("thread", "author")


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ("user", "thread", "answer", "value", "created_at")
    raw_id_fields = ("user", "thread", "answer")


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ("pk", "thread", "answer", "editor", "created_at")
    raw_id_fields = ("thread", "answer", "editor")
