from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.text import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Language, bilingual

TAG_MAX_LENGTH = 30
MAX_TAGS = 5


class Category(models.Model):
    """Category names are bilingual: the reader's UI language picks which one shows."""

    name = models.CharField(_("name (English)"), max_length=60)
    name_zh = models.CharField(_("name (Chinese)"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.CharField(_("description (English)"), max_length=300, blank=True)
    description_zh = models.CharField(_("description (Chinese)"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_complaints = models.BooleanField(
        _("complaints category"),
        default=False,
        help_text=_("Threads here go to the staff queue."),
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return bilingual(self.name, self.name_zh)

    @property
    def display_description(self) -> str:
        return bilingual(self.description, self.description_zh)

    def get_absolute_url(self) -> str:
        return reverse("forum:category", args=[self.slug])


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=TAG_MAX_LENGTH, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:tag", args=[self.name])


class Thread(models.Model):
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("body"), max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False)
    body_text = models.TextField(editable=False)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="threads",
        verbose_name=_("author"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="threads", verbose_name=_("category")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="threads", verbose_name=_("tags"))
    accepted_answer = models.OneToOneField(
        "Answer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted answer"),
    )
    is_locked = models.BooleanField(_("locked"), default=False)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    is_deleted = models.BooleanField(_("deleted"), default=False)
    # Set by moderation services only: a thread closed as a duplicate stays readable at its URL
    # (with a banner to the original) but leaves search, see forum.selectors.thread_list_searchable.
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_reason = models.CharField(_("reason for closing"), max_length=300, blank=True)
    vote_score = models.IntegerField(_("votes"), default=0)
    answer_count = models.PositiveIntegerField(_("answers"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), db_index=True)

    class Meta:
        ordering = ["-last_activity_at"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        permissions = [("moderate_forum", "Can moderate the forum")]
        indexes = [
            models.Index(fields=["category", "-last_activity_at"]),
            # A list's pinned threads (selectors.PinnedFirst), the "Unanswered" and "Top" tabs:
            # without these each list page read all threads (70-600 ms at 100k, sync workers
            # blocked meanwhile), so the pages after a cache expiry stalled everyone.
            models.Index(
                fields=["-last_activity_at"],
                condition=Q(is_pinned=True),
                name="forum_thread_pinned_idx",
            ),
            models.Index(
                fields=["-last_activity_at"],
                condition=Q(answer_count=0),
                name="forum_thread_unanswered_idx",
            ),
            models.Index(fields=["-vote_score", "-last_activity_at"], name="forum_thread_top_idx"),
            # A list's count reads only this index, not the table (56 -> 4 ms at 100k).
            models.Index(
                fields=["is_deleted", "is_hidden", "is_pinned", "answer_count", "accepted_answer"],
                name="forum_thread_listed_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:thread_detail", args=[self.pk])

    @property
    def is_solved(self) -> bool:
        return self.accepted_answer_id is not None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Answer(models.Model):
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="answers", verbose_name=_("thread")
    )
    body = models.TextField(_("body"), max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False)
    body_text = models.TextField(editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("author"),
    )
    vote_score = models.IntegerField(_("votes"), default=0)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    is_deleted = models.BooleanField(_("deleted"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"#{self.pk} on {self.thread_id}"

    def get_absolute_url(self) -> str:
        return f"{reverse('forum:thread_detail', args=[self.thread_id])}#answer-{self.pk}"


class Vote(models.Model):
    """One vote per user per post; exactly one of ``thread`` and ``answer`` is set."""

    UP = 1
    DOWN = -1

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes"
    )
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )
    value = models.SmallIntegerField(choices=[(UP, "+1"), (DOWN, "-1")])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=False, answer__isnull=True)
                | Q(thread__isnull=True, answer__isnull=False),
                name="vote_has_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=Q(value__in=[1, -1]), name="vote_value_is_plus_or_minus_one"
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(thread__isnull=False),
                name="one_vote_per_user_per_thread",
            ),
            models.UniqueConstraint(
                fields=["user", "answer"],
                condition=Q(answer__isnull=False),
                name="one_vote_per_user_per_answer",
            ),
        ]


class Revision(models.Model):
    """The text a post had before an edit, and who replaced it when."""

    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    body = models.TextField()
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=False, answer__isnull=True)
                | Q(thread__isnull=True, answer__isnull=False),
                name="revision_has_exactly_one_target",
            ),
        ]
