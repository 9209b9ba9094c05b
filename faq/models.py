from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.text import BODY_MAX_LENGTH, Language, bilingual

QUESTION_MAX_LENGTH = 200
# Moderator URLs under /faq/<pk>/: an entry whose slug equals one of these uses /faq/<pk>/.
RESERVED_SLUGS = frozenset({"edit", "publish", "move", "merge", "revisions", "feedback"})


class FaqCategory(models.Model):
    """FAQ sections, separate from forum categories: moderators group the FAQ for readers."""

    name = models.CharField(_("name (English)"), max_length=80)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("FAQ category")
        verbose_name_plural = _("FAQ categories")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return bilingual(self.name, self.name_zh)

    def get_absolute_url(self) -> str:
        return f"{reverse('faq:index')}#category-{self.slug}"


class FaqEntry(models.Model):
    question = models.CharField(_("question"), max_length=QUESTION_MAX_LENGTH)
    answer = models.TextField(_("answer"), max_length=BODY_MAX_LENGTH)
    answer_html = models.TextField(editable=False)
    answer_text = models.TextField(editable=False)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    category = models.ForeignKey(
        FaqCategory, on_delete=models.PROTECT, related_name="entries", verbose_name=_("category")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_entries",
        verbose_name=_("merged into"),
    )
    source_answer = models.ForeignKey(
        "forum.Answer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="faq_entries",
        verbose_name=_("source answer"),
    )
    source_thread = models.ForeignKey(
        "forum.Thread",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="faq_entries",
        verbose_name=_("source thread"),
    )
    credited_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="faq_credits",
        verbose_name=_("credited author"),
    )
    promoted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("promoted by"),
    )
    promoted_at = models.DateTimeField(_("promoted"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    helpful_yes = models.PositiveIntegerField(_("helpful"), default=0)
    helpful_no = models.PositiveIntegerField(_("not helpful"), default=0)

    class Meta:
        ordering = ["category__order", "category_id", "order", "pk"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        constraints = [
            # With the check under a row lock in faq_entry_promote, this makes a double submit
            # of the promote form unable to create a second entry for the same answer.
            models.UniqueConstraint(
                fields=["source_answer"],
                condition=Q(source_answer__isnull=False),
                name="faq_one_entry_per_source_answer",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(is_published=False),
                name="faq_merged_entry_is_unpublished",
            ),
        ]

    def __str__(self) -> str:
        return self.question

    @property
    def slug(self) -> str:
        # Derived, not stored: the pk alone keeps the URL stable when the question is edited.
        return slugify(self.question, allow_unicode=True)[:60].strip("-")

    @property
    def anchor(self) -> str:
        return f"faq-{self.pk}"

    def get_absolute_url(self) -> str:
        if self.slug and self.slug not in RESERVED_SLUGS:
            return reverse("faq:entry_detail_slug", args=[self.pk, self.slug])
        return reverse("faq:entry_detail", args=[self.pk])


class FaqRevision(models.Model):
    """The text an entry had before an edit, and who replaced it when."""

    entry = models.ForeignKey(FaqEntry, on_delete=models.CASCADE, related_name="revisions")
    question = models.CharField(_("question"), max_length=QUESTION_MAX_LENGTH)
    answer = models.TextField(_("answer"))
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("editor"),
    )
    created_at = models.DateTimeField(_("edited"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("FAQ revision")
        verbose_name_plural = _("FAQ revisions")


class FaqFeedback(models.Model):
    """One "was this helpful?" answer per user; for anonymous readers one per session and, within
    faq.readers.ANONYMOUS_VOTE_WINDOW, one per network address (so fresh sessions cannot stuff
    the count)."""

    entry = models.ForeignKey(FaqEntry, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    session_key = models.CharField(max_length=40, blank=True)
    # faq.readers.address_key of an anonymous reader's address, never the address itself;
    # cleared once the window it counts in has passed.
    client_hash = models.CharField(max_length=64, blank=True)
    is_helpful = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("FAQ feedback")
        verbose_name_plural = _("FAQ feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "user"],
                condition=Q(user__isnull=False),
                name="faq_one_feedback_per_user",
            ),
            models.UniqueConstraint(
                fields=["entry", "session_key"],
                condition=Q(user__isnull=True),
                name="faq_one_feedback_per_session",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(session_key=""),
                name="faq_feedback_has_user_or_session",
            ),
        ]
        indexes = [models.Index(fields=["entry", "client_hash", "created_at"])]
