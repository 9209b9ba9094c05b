"""Find secrets (seed phrases, private keys) already stored in posts, and take them out of view.

New posts are refused by the services (core.secrets); this command is for what was stored before
the guard existed or before a detector improved. Each matching thread or answer is hidden through
moderation's ``post_hide`` (audit log, search index removal on commit) and gets an open "leaks a
secret" flag, so it shows up in the moderation queue for a human to review: unhide a false
positive, or keep it hidden. FAQ entries are unpublished. Old revisions, which anyone can read on
the history pages, get the secret itself cut out, since a revision cannot be hidden.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.roles import is_moderator
from core.secrets import SecretFinding, find_published_secrets, find_secrets
from forum.models import Answer, Revision, Thread

REDACTED = "[removed: looked like a secret / 疑似密钥，已移除]"
KIND_LABELS = {
    "hex_key": "private key (64 hex)",
    "wif": "private key (WIF)",
    "xprv": "extended private key",
}


def label(finding: SecretFinding) -> str:
    if finding.kind == "mnemonic":
        return f"recovery phrase ({finding.words} words)"
    return KIND_LABELS[finding.kind]


def redact(text: str, findings: list[SecretFinding]) -> str:
    for finding in sorted(findings, key=lambda finding: finding.start, reverse=True):
        text = text[: finding.start] + REDACTED + text[finding.end :]
    return text


class Command(BaseCommand):
    help = (
        "Scan stored threads, answers, FAQ entries and revisions for seed phrases and private "
        "keys. Matching posts are hidden and flagged for moderators, FAQ entries unpublished, "
        "revisions redacted. --dry-run only reports. Output never prints a secret in full."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="report only, change nothing")
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="moderator the hides and flags are recorded as (default: first superuser)",
        )

    def handle(self, *args, dry_run: bool, username: str | None, **options):
        self.dry_run = dry_run
        self.actor = None if dry_run else self._actor(username)
        self.has_moderation = apps.is_installed("moderation")
        self.has_faq = apps.is_installed("faq")
        self.counts = {"scanned": 0, "matched": 0, "changed": 0}
        for thread in Thread.objects.order_by("pk").iterator():
            self._post(thread, f"thread {thread.pk}", {"title": thread.title, "body": thread.body})
        for answer in Answer.objects.order_by("pk").iterator():
            self._post(
                answer, f"answer {answer.pk} (thread {answer.thread_id})", {"body": answer.body}
            )
        for revision in Revision.objects.order_by("pk").iterator():
            self._revision(revision, f"revision {revision.pk}", ["title", "body"])
        if self.has_faq:
            self._faq()
        verb = "would change" if dry_run else "changed"
        self.stdout.write(
            f"Scanned {self.counts['scanned']} items: {self.counts['matched']} with secrets, "
            f"{verb} {self.counts['changed']}."
        )

    def _actor(self, username: str | None):
        users = get_user_model().objects.filter(is_active=True)
        if username:
            actor = users.filter(username=username).first()
            if actor is None or not is_moderator(actor):
                raise CommandError(f"{username!r} is not an active moderator or staff account.")
            return actor
        actor = users.filter(is_superuser=True).order_by("pk").first()
        if actor is None:
            self.stderr.write("No superuser: posts are hidden without an audit entry or flag.")
        return actor

    def _scan(self, name: str, texts: dict[str, str], *, find=find_published_secrets):
        self.counts["scanned"] += 1
        found = {field: findings for field, text in texts.items() if (findings := find(text))}
        for field, findings in found.items():
            for finding in findings:
                self.stdout.write(
                    f"{name} {field} @{finding.start}: {label(finding)} “{finding.excerpt}”"
                )
        self.counts["matched"] += bool(found)
        return found

    def _report(self, name: str, outcome: str, changed: bool) -> None:
        self.counts["changed"] += changed
        self.stdout.write(f"  -> {name}: {outcome}")

    def _post(self, post, name: str, texts: dict[str, str]) -> None:
        found = self._scan(name, texts)
        if not found:
            return
        if post.is_deleted or post.is_hidden:
            state = "deleted" if post.is_deleted else "hidden"
            self._report(name, f"already {state}, left as is", False)
            return
        if self.dry_run:
            self._report(name, "would be hidden and flagged", True)
            return
        summary = "; ".join(
            f"{label(finding)} “{finding.excerpt}” in {field}"
            for field, findings in found.items()
            for finding in findings
        )
        with transaction.atomic():
            flagged = self._hide_and_flag(post, summary)
        self._report(name, "hidden" + (" and flagged" if flagged else ""), True)

    def _hide_and_flag(self, post, summary: str) -> bool:
        if not (self.has_moderation and self.actor):
            post.is_hidden = True
            fields = ["is_hidden", "updated_at"] if isinstance(post, Answer) else ["is_hidden"]
            post.save(update_fields=fields)  # save(), not update(): search drops it on commit
            return False
        from moderation.models import Flag, FlagReason, FlagStatus
        from moderation.services import post_hide

        post_hide(
            post=post,
            moderator=self.actor,
            reason="scan_secrets: looks like a secret (seed phrase or private key)",
        )
        # After hiding, so post_hide does not close it: the open flag puts the post in the queue.
        target = {"thread": post} if isinstance(post, Thread) else {"answer": post}
        Flag.objects.update_or_create(
            user=self.actor,
            **target,
            defaults={
                "reason": FlagReason.SECRET,
                "status": FlagStatus.OPEN,
                "resolved_at": None,
                "resolved_by": None,
                "text": f"Found by scan_secrets: {summary}"[:500],
            },
        )
        return True

    def _revision(self, revision, name: str, fields: list[str]) -> None:
        # Source positions, since the secret is cut out of the source.
        found = self._scan(
            name, {field: getattr(revision, field) for field in fields}, find=find_secrets
        )
        if not found:
            return
        if self.dry_run:
            self._report(name, "would be redacted", True)
            return
        for field, findings in found.items():
            setattr(revision, field, redact(getattr(revision, field), findings))
        revision.save(update_fields=list(found))
        self._report(name, "secret cut out of the stored revision", True)

    def _faq(self) -> None:
        from faq.models import FaqEntry, FaqRevision
        from faq.services import faq_entry_set_published

        for entry in FaqEntry.objects.order_by("pk").iterator():
            name = f"FAQ entry {entry.pk}"
            if not self._scan(name, {"question": entry.question, "answer": entry.answer}):
                continue
            if not entry.is_published:
                self._report(name, "already unpublished, left as is", False)
            elif self.dry_run:
                self._report(name, "would be unpublished", True)
            elif self.actor:
                with transaction.atomic():
                    faq_entry_set_published(entry=entry, user=self.actor, is_published=False)
                self._report(name, "unpublished", True)
            else:
                entry.is_published = False
                entry.save(update_fields=["is_published"])
                self._report(name, "unpublished", True)
        for revision in FaqRevision.objects.order_by("pk").iterator():
            self._revision(revision, f"FAQ revision {revision.pk}", ["question", "answer"])
