"""Builds the demo community through the real services. Running it again only adds what is missing:
each row is looked up by its natural key (username, category slug, thread author + title, the
author's nth answer in the thread, voter + post) before anything is created."""

import hashlib
from collections import Counter
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.roles import MODERATORS_GROUP
from demo import people, screenshots
from demo.categories import CATEGORIES
from demo.faq import load_faq
from demo.moderation import load_moderation
from demo.notifications import load_notifications
from demo.spec import DemoAnswer, DemoThread
from demo.threads_en import THREADS as THREADS_EN
from demo.threads_zh import THREADS as THREADS_ZH
from forum.models import Answer, Category, Thread, Vote
from forum.services import answer_accept, answer_create, thread_create, vote_cast
from uploads.services import upload_create

ALL_THREADS: list[DemoThread] = [*THREADS_EN, *THREADS_ZH]

_MEMBERSHIP_AGE = timedelta(days=75)
# An answer is never dated later than this before the run, so "just now" stays for real users.
_LATEST_DEMO_ACTIVITY = timedelta(minutes=20)


class DemoLoader:
    def __init__(self, *, now: datetime | None = None):
        self.now = now or timezone.now()
        self.created: Counter[str] = Counter()
        self.present: Counter[str] = Counter()
        self.users: dict = {}
        self.categories: dict[str, Category] = {}
        self.threads: list[Thread] = []
        self._password_hash: str | None = None

    def count(self, kind: str, was_created: bool) -> None:
        (self.created if was_created else self.present)[kind] += 1

    @transaction.atomic
    def load(self) -> "DemoLoader":
        self._load_users()
        self._load_categories()
        for spec in ALL_THREADS:
            self._load_thread(spec)
        load_moderation(self)
        load_faq(self)
        load_notifications(self)
        return self

    # Users ----------------------------------------------------------------------------------

    def _password(self) -> str:
        # Hashing is deliberately slow; the demo accounts share one password, so hash it once.
        if self._password_hash is None:
            self._password_hash = make_password(people.DEMO_PASSWORD)
        return self._password_hash

    def _user(self, account: tuple[str, str, str], **flags):
        username, display_name, email = account
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        was_created = user is None
        if was_created:
            # Joined before the oldest demo thread: the demo accounts are not "new accounts".
            joined = self.now - _MEMBERSHIP_AGE + timedelta(hours=len(self.users))
            user = user_model(
                username=username,
                display_name=display_name,
                email=email,
                date_joined=joined,
                language="zh-hans" if username in people.CHINESE_READERS else "en",
                **flags,
            )
            user.password = self._password()
            user.full_clean()
            user.save()
        self.count("users", was_created)
        self.users[username] = user
        return user

    def _load_users(self) -> None:
        for account in people.MEMBERS:
            self._user(account)
        moderator = self._user(people.MODERATOR_ACCOUNT)
        moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
        self._user(people.STAFF_ACCOUNT, is_staff=True)
        self._user(people.ADMIN_ACCOUNT, is_staff=True, is_superuser=True)
        self._user(people.SCAMMER_ACCOUNT)
        # Votes come from the community: members and the moderator, never the admin account.
        self.voters = [self.users[username] for username, _, _ in people.MEMBERS] + [moderator]

    # Categories -----------------------------------------------------------------------------

    def _load_categories(self) -> None:
        for fields in CATEGORIES:
            fields = dict(fields)
            slug = fields.pop("slug")
            category, was_created = Category.objects.get_or_create(slug=slug, defaults=fields)
            self.count("categories", was_created)
            self.categories[slug] = category

    # Threads, answers, votes ----------------------------------------------------------------

    def _load_thread(self, spec: DemoThread) -> None:
        author = self.users[spec.author]
        thread = Thread.objects.filter(author=author, title=spec.title).first()
        changed = thread is None
        if thread is None:
            thread = thread_create(
                author=author,
                title=spec.title,
                body=self._with_screenshot(spec, author),
                category=self.categories[spec.category],
                tags=spec.tags,
            )
            # Demo-only backdating: services stamp everything "now", but a demo community should
            # look two months old (listings, relative times, statistics). Done right after each
            # write so anything that counts a user's recent posts sees a realistic history.
            asked_at = self.now - timedelta(days=spec.days_ago)
            Thread.objects.filter(pk=thread.pk).update(
                created_at=asked_at, last_activity_at=asked_at
            )
            thread.refresh_from_db()
        self.count("threads", changed)
        if not changed and spec.title in screenshots.BY_TITLE:
            self.count("screenshots", False)
        self.threads.append(thread)
        self._vote(spec.title, author, spec.up, spec.down, thread=thread)

        by_author: Counter[str] = Counter()
        for index, answer_spec in enumerate(spec.answers):
            nth = by_author[answer_spec.author]
            answer, was_created = self._load_answer(thread, answer_spec, nth)
            by_author[answer_spec.author] += 1
            changed |= was_created
            self._vote(
                f"{spec.title}#{index}",
                answer.author,
                answer_spec.up,
                answer_spec.down,
                answer=answer,
            )
            if answer_spec.is_accepted:
                # An answer the asker accepted instead on a running demo stays accepted.
                was_created = thread.accepted_answer_id is None
                if was_created:
                    thread = answer_accept(answer=answer, user=author)
                self.count("accepted answers", was_created)

        if changed:
            # answer_create bumps last_activity_at to "now"; put it back to the newest demo post.
            newest = Answer.objects.filter(thread=thread).aggregate(newest=Max("created_at"))
            last_activity = max(filter(None, [thread.created_at, newest["newest"]]))
            Thread.objects.filter(pk=thread.pk).update(last_activity_at=last_activity)

    def _with_screenshot(self, spec: DemoThread, author) -> str:
        """The question's text, with its demo screenshot uploaded and shown, if it has one."""
        shot = screenshots.BY_TITLE.get(spec.title)
        if shot is None:
            return spec.body
        _upload, markdown = upload_create(owner=author, file=screenshots.screenshot_file(shot))
        self.count("screenshots", True)
        return f"{spec.body}\n\n{shot.caption}\n\n{markdown}"

    def _load_answer(self, thread: Thread, spec: DemoAnswer, nth: int) -> tuple[Answer, bool]:
        """``nth``: this is the author's nth demo answer in the thread. That, not the body, is the
        key, so a later wording fix in the demo text does not add a second copy."""
        author = self.users[spec.author]
        answer = Answer.objects.filter(thread=thread, author=author).order_by("pk")[nth:].first()
        if answer is not None:
            self.count("answers", False)
            return answer, False
        answer = answer_create(thread=thread, author=author, body=spec.body)
        # Demo-only backdating, as for threads above.
        answered_at = min(
            thread.created_at + timedelta(hours=spec.hours_later), self.now - _LATEST_DEMO_ACTIVITY
        )
        Answer.objects.filter(pk=answer.pk).update(created_at=answered_at, updated_at=answered_at)
        answer.refresh_from_db()
        self.count("answers", True)
        return answer, True

    def _vote(self, seed: str, author, up: int, down: int, **target) -> None:
        """Votes come from a stable, per-post rotation of the community, never from the author."""
        voters = [user for user in self.voters if user.pk != author.pk]
        if up + down > len(voters):
            raise ValueError(f"{seed!r} asks for {up + down} votes; only {len(voters)} voters")
        start = int(hashlib.sha256(seed.encode()).hexdigest(), 16) % len(voters)
        voters = voters[start:] + voters[:start]
        # A vote someone changed on a running demo is theirs now: only add missing ones.
        existing = set(Vote.objects.filter(**target).values_list("user_id", flat=True))
        for user, value in zip(voters, [Vote.UP] * up + [Vote.DOWN] * down):
            was_created = user.pk not in existing
            if was_created:
                vote_cast(user=user, value=value, **target)
            self.count("votes", was_created)

    def summary_lines(self) -> list[str]:
        kinds = list(dict.fromkeys([*self.created, *self.present]))
        return [
            f"{kind}: {self.created[kind]} added, {self.present[kind]} already there"
            for kind in kinds
        ]
