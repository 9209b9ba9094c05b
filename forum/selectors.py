"""Every read that encodes a rule. The visibility rules are written once, here."""

from django.db.models import Q, QuerySet

from core.roles import is_moderator
from forum import extensions
from forum.models import Answer, Category, Revision, Tag, Thread


def thread_list_public() -> QuerySet[Thread]:
    """Threads anyone may see. Views, feeds and the search index all use this definition."""
    return Thread.objects.filter(is_hidden=False, is_deleted=False)


def thread_list_searchable() -> QuerySet[Thread]:
    """Public threads minus those closed as duplicates: those stay readable at their URL with a
    banner to the original, but search (and similar-question suggestions) should lead to the
    original only. The search index uses this, not thread_list_public."""
    return thread_list_public().filter(duplicate_of__isnull=True)


def answer_list_public() -> QuerySet[Answer]:
    """Answers anyone may see: not hidden or deleted themselves, and in a public thread."""
    return Answer.objects.filter(
        is_hidden=False, is_deleted=False, thread__is_hidden=False, thread__is_deleted=False
    )


def answer_list_searchable() -> QuerySet[Answer]:
    """Public answers outside threads closed as duplicates (same reason as threads)."""
    return answer_list_public().filter(thread__duplicate_of__isnull=True)


def thread_list_visible(*, user) -> QuerySet[Thread]:
    """Moderators also see hidden threads (to review them); deleted ones stay out for everyone."""
    if is_moderator(user):
        return Thread.objects.filter(is_deleted=False)
    return thread_list_public()


def answer_list_visible(*, user) -> QuerySet[Answer]:
    if is_moderator(user):
        return Answer.objects.filter(is_deleted=False, thread__is_deleted=False)
    return answer_list_public()


def thread_list_readable(*, user) -> QuerySet[Thread]:
    """What ``user`` may open: the visible threads plus their own hidden ones, which they read
    with the moderator's reason instead of a 404. Listings, search and counts keep using
    thread_list_visible / thread_list_public, so a hidden thread is never listed or found."""
    if is_moderator(user) or not user.is_authenticated:
        return thread_list_visible(user=user)
    return Thread.objects.filter(is_deleted=False).filter(Q(is_hidden=False) | Q(author=user))


def answer_list_readable(*, user) -> QuerySet[Answer]:
    """The answers ``user`` may read on a thread they may open: the visible ones plus their own
    hidden ones (same reason as thread_list_readable)."""
    if is_moderator(user) or not user.is_authenticated:
        return answer_list_visible(user=user)
    return Answer.objects.filter(
        Q(is_hidden=False) | Q(author=user),
        is_deleted=False,
        thread__in=thread_list_readable(user=user).values("pk"),
    )


class PinnedFirst:
    """Pinned threads, then the others, each by latest activity: one sliceable sequence for the
    Paginator.

    One ``ORDER BY is_pinned DESC, last_activity_at DESC`` has no index to follow, so the
    database read and sorted every visible thread for each page (at 100k threads most of the
    home page's time). Pinned threads are few and read apart; the rest follow the
    last_activity_at index (or category's), reading only the page they show.
    """

    def __init__(self, threads: QuerySet[Thread]):
        self._pinned_query = threads.filter(is_pinned=True).order_by("-last_activity_at")
        self.rest = threads.filter(is_pinned=False).order_by("-last_activity_at")
        self._pinned: list[Thread] | None = None

    def pinned_query(self) -> QuerySet[Thread]:
        return self._pinned_query

    def pinned(self) -> list[Thread]:
        if self._pinned is None:
            self._pinned = list(self._pinned_query)
        return self._pinned

    def count(self) -> int:
        return len(self.pinned()) + self.rest.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        start, stop = item.start or 0, item.stop
        pinned = self.pinned()
        rows = pinned[start:stop]
        rest_start = max(0, start - len(pinned))
        rest_stop = None if stop is None else stop - len(pinned)
        if rest_stop is None or rest_stop > rest_start:
            rows += list(self.rest[rest_start:rest_stop])
        return rows


def thread_list_for_listing(
    *, user, tab: str = "latest", category: Category | None = None, tag: Tag | None = None
) -> QuerySet[Thread] | PinnedFirst:
    threads = (
        thread_list_visible(user=user)
        .select_related("author", "category", "accepted_answer")
        .prefetch_related("tags")
    )
    if category is not None:
        threads = threads.filter(category=category)
    if tag is not None:
        threads = threads.filter(tags=tag)
    if tab == "unanswered":
        threads = threads.filter(answer_count=0)
    elif tab == "solved":
        threads = threads.filter(accepted_answer__isnull=False)
    elif tab == "top":
        return threads.order_by("-vote_score", "-last_activity_at")
    return PinnedFirst(threads)


def thread_answers_ordered(*, thread: Thread, user) -> list[Answer]:
    """Accepted answer first, then by votes, then oldest. Sorted here, not in SQL: a thread's
    answers are all shown, and an ordering expression cost more to build than the query."""
    answers = list(
        answer_list_readable(user=user)
        .filter(thread=thread)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    # A stable sort keeps the oldest first among answers with the same votes.
    answers.sort(key=lambda answer: (answer.pk != thread.accepted_answer_id, -answer.vote_score))
    return answers


def thread_list_for_detail(*, user) -> QuerySet[Thread]:
    return (
        thread_list_readable(user=user)
        .select_related("author", "category", *extensions.thread_page_relations())
        .prefetch_related("tags")
    )


def category_list() -> QuerySet[Category]:
    return Category.objects.all()


def tag_list() -> QuerySet[Tag]:
    return Tag.objects.all()


def revision_list_for_thread(*, thread: Thread) -> QuerySet[Revision]:
    return Revision.objects.filter(thread=thread).select_related("editor")


def revision_list_for_answer(*, answer: Answer) -> QuerySet[Revision]:
    return Revision.objects.filter(answer=answer).select_related("editor")


def tag_list_popular(limit: int = 30) -> QuerySet[Tag]:
    from django.db.models import Count

    return (
        Tag.objects.annotate(
            thread_count=Count(
                "threads", filter=Q(threads__is_hidden=False, threads__is_deleted=False)
            )
        )
        .filter(thread_count__gt=0)
        .order_by("-thread_count", "name")[:limit]
    )


def vote_values_for(*, user, threads=(), answers=()) -> dict:
    """The user's own votes, keyed ("thread", id) / ("answer", id), to show pressed buttons."""
    from forum.models import Vote

    if not user.is_authenticated:
        return {}
    votes = Vote.objects.filter(user=user).filter(
        Q(thread__in=[t.pk for t in threads]) | Q(answer__in=[a.pk for a in answers])
    )
    return {
        ("thread", v.thread_id) if v.thread_id else ("answer", v.answer_id): v.value for v in votes
    }


def user_list_mentionable(*, names) -> QuerySet:
    """Members an "@name" may link to: active accounts, by exact username."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True, username__in=list(names))
