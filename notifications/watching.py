"""Watching threads, categories and tags: the writes and the reads that encode its rules.

A member watches a thread by asking or answering it (automatically, once) or by pressing Watch;
an explicit unwatch is kept as an inactive row, so answering again does not watch it behind
their back. The asker counts as watching their own thread until they unwatch it, also when no
row exists (threads from before watching, events not yet delivered)."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from forum.models import Category, Tag, Thread
from forum.selectors import thread_list_visible
from notifications.models import Watch


def _target(*, thread=None, category=None, tag=None) -> dict:
    target = {
        name: value
        for name, value in (("thread", thread), ("category", category), ("tag", tag))
        if value is not None
    }
    if len(target) != 1:
        raise ValueError("a watch is of exactly one thread, category or tag")
    return target


@transaction.atomic
def watch_set(
    *,
    user,
    active: bool,
    thread: Thread | None = None,
    category: Category | None = None,
    tag: Tag | None = None,
) -> Watch:
    """The member's own choice: watch (``active``) or unwatch, replacing any earlier one."""
    watch, _created = Watch.objects.update_or_create(
        user=user, **_target(thread=thread, category=category, tag=tag), defaults={"active": active}
    )
    return watch


def watch_thread_auto(*, user, thread: Thread) -> Watch | None:
    """Asking or answering watches the thread, unless the member has chosen either way."""
    if not user.is_active:
        return None
    try:
        with transaction.atomic():
            watch, _created = Watch.objects.get_or_create(user=user, thread=thread)
    except IntegrityError:
        # The same member's other post watched it a moment ago.
        watch = Watch.objects.get(user=user, thread=thread)
    return watch


def is_watching(
    *, user, thread: Thread | None = None, category: Category | None = None, tag: Tag | None = None
) -> bool:
    if not user.is_authenticated:
        return False
    watch = Watch.objects.filter(
        user=user, **_target(thread=thread, category=category, tag=tag)
    ).first()
    if watch is None:
        return thread is not None and thread.author_id == user.pk
    return watch.active


def watch_list_for(*, user) -> QuerySet[Watch]:
    """What the member watches, for their list: threads they may still open, every category
    and tag."""
    return (
        Watch.objects.filter(user=user, active=True)
        .filter(Q(thread__isnull=True) | Q(thread__in=thread_list_visible(user=user).values("pk")))
        .select_related("thread", "category", "tag")
    )


def thread_watchers(*, thread: Thread, since=None) -> QuerySet:
    """Active members who watch the thread: by an active watch (begun by ``since``, when
    given: news older than a watch is not news to its watcher, also when its event comes late
    or twice), or as its asker without an explicit unwatch. Ordered by id, so concurrent
    deliveries lock rows in the same order."""
    watches = Watch.objects.filter(thread=thread, active=True)
    if since is not None:
        watches = watches.filter(created_at__lte=since)
    watching = watches.values("user_id")
    unwatched = Watch.objects.filter(thread=thread, active=False).values("user_id")
    asker = Q(pk=thread.author_id) & ~Q(pk__in=unwatched)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(pk__in=watching) | asker)
        .order_by("pk")
    )


def place_watches_for(*, thread: Thread) -> QuerySet[Watch]:
    """Active watches of the thread's category or of one of its tags, by active members."""
    return (
        Watch.objects.filter(active=True, user__is_active=True)
        .filter(Q(category_id=thread.category_id) | Q(tag__in=thread.tags.all()))
        .select_related("user", "category", "tag")
        .order_by("user_id", "pk")
    )
