"""Who may see and do what in the forum: written once, used by views, services and templates.

Guarded getters return the object or raise Http404 for what the user may not see (a hidden post
is not "forbidden" to a member: for them it does not exist). The ``can_*`` rules answer whether a
user may act on an object they can see; services raise PermissionDenied / ValidationError from
the same rules, so a form and a crafted POST get the same answer.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.roles import is_moderator, is_staff_member
from forum import selectors
from forum.models import Answer, Thread


def _get(queryset: QuerySet, pk, *, for_update: bool):
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    return get_object_or_404(queryset, pk=pk)


def thread_get(user, pk, *, for_update: bool = False) -> Thread:
    """A thread ``user`` may read (moderators also see hidden ones, an author their own hidden
    one), or 404."""
    return _get(selectors.thread_list_for_detail(user=user), pk, for_update=for_update)


def answer_get(user, pk, *, for_update: bool = False) -> Answer:
    answers = selectors.answer_list_readable(user=user).select_related("thread", "author")
    return _get(answers, pk, for_update=for_update)


def _thread_of(post) -> Thread:
    return post if isinstance(post, Thread) else post.thread


def is_hidden_from_members(post) -> bool:
    """Hidden by a moderator, itself or through its thread."""
    return post.is_hidden or _thread_of(post).is_hidden


def shows_hidden_notice(user, post) -> bool:
    """The author reading their own hidden post sees why it is hidden and how to appeal."""
    return bool(post.is_hidden and user.is_authenticated and post.author_id == user.pk)


def is_thread_open(thread: Thread) -> bool:
    """Neither locked nor closed (as a duplicate): members may add to or change it."""
    return not thread.is_locked and thread.closed_at is None


def can_edit(user, post) -> bool:
    """The author while the thread is open and the post not hidden, or a moderator. A staff
    member's post carries the "Official" badge, so only staff may change its words. An author
    cannot edit a hidden post: the way back is the appeal to moderators, not a quiet rewrite."""
    if not (user.is_authenticated and user.is_active):
        return False
    if post.author.is_staff and not is_staff_member(user):
        return False
    if is_moderator(user):
        return True
    return (
        post.author_id == user.pk
        and is_thread_open(_thread_of(post))
        and not is_hidden_from_members(post)
    )


def edit_refusal(user, post, *, deleting: bool = False) -> str:
    """Why ``user`` may not change ``post``, in the reader's language (403 page, service)."""
    thread = _thread_of(post)
    if post.author.is_staff and not is_staff_member(user):
        return _("Only staff can change an official post.")
    if post.author_id == getattr(user, "pk", None) and is_hidden_from_members(post):
        return _("A moderator hid this post: only moderators can change it.")
    if post.author_id == getattr(user, "pk", None) and thread.is_locked:
        return _("This thread is locked: only moderators can change it.")
    if post.author_id == getattr(user, "pk", None) and thread.closed_at is not None:
        return _("This thread is closed: only moderators can change it.")
    if deleting:
        return _("Only the author or a moderator can delete this answer.")
    if isinstance(post, Thread):
        return _("Only the author or a moderator can edit this question.")
    return _("Only the author or a moderator can edit this answer.")


def can_delete(user, answer: Answer, *, accepted_answer_id=None) -> bool:
    accepted = (
        answer.thread.accepted_answer_id if accepted_answer_id is None else accepted_answer_id
    )
    return can_edit(user, answer) and answer.pk != accepted


def can_answer(user, thread: Thread) -> bool:
    """Open threads take answers from anyone signed in; locked, closed or hidden ones only from
    moderators. Anonymous readers see the form's log-in prompt while the thread is open."""
    return (is_thread_open(thread) and not thread.is_hidden) or is_moderator(user)


def can_accept(user, thread: Thread) -> bool:
    """The asker or a moderator; on a hidden thread only a moderator (nothing changes there
    behind moderation's back)."""
    if is_moderator(user):
        return True
    return bool(user.is_authenticated and thread.author_id == user.pk and not thread.is_hidden)


def can_vote(user, post) -> bool:
    return bool(user.is_authenticated and post.author_id != user.pk)


def duplicate_original_for(user, thread: Thread) -> Thread | None:
    """The thread this one was closed in favour of, if ``user`` may read it (a hidden or deleted
    original is not linked, nor its title shown)."""
    if thread.duplicate_of_id is None:
        return None
    return selectors.thread_list_visible(user=user).filter(pk=thread.duplicate_of_id).first()
