"""Test data built through the real services, so rendered HTML, counters and the index are real."""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.roles import MODERATORS_GROUP
from forum.models import Category
from forum.services import answer_create, thread_create

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery-staple"


def make_user(*, username=None, is_staff=False, moderator=False, **extra):
    user = get_user_model().objects.create_user(
        username=username or f"user{next(_seq)}", password=PASSWORD, is_staff=is_staff, **extra
    )
    if moderator:
        user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return user


def make_category(*, name=None, slug=None, **extra):
    number = next(_seq)
    return Category.objects.create(
        name=name or f"Category {number}", slug=slug or f"category-{number}", **extra
    )


def make_thread(
    *, author=None, title=None, body="How do I *reset* my password?", category=None, tags=()
):
    return thread_create(
        author=author or make_user(),
        title=title or f"Question {next(_seq)}",
        body=body,
        category=category or make_category(),
        tags=tags,
    )


def make_answer(*, thread=None, author=None, body="Use the *Forgot password* link."):
    return answer_create(thread=thread or make_thread(), author=author or make_user(), body=body)
