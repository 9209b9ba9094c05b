"""Find secrets (seed phrases, private keys) already stored, and take them out of view.

New posts are refused by the services (core.secrets); this command is for what was stored before
the guard existed or before a detector improved. Each matching thread or answer is hidden through
moderation's ``post_hide`` (audit log, search index removal on commit) and gets an open "leaks a
secret" flag, so it shows up in the moderation queue for a human to review: unhide a false
positive, or keep it hidden. Content of other apps (FAQ entries) is registered with
moderation.scanning and taken down by that app's services (unpublished). Old revisions, which
anyone can read on the history pages, get the secret itself cut out, since a revision cannot be
hidden.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.roles import is_moderator
from core.secrets import SecretFinding
from forum.models import Answer, Revision, Thread
from forum.services import revision_redact
from moderation.scanning import ScanItem, registered_items, revision_item
from moderation.services import flag_secret_found, post_hide

REDACTED = "[removed: looked like a secret / 疑似密钥，已移除]"
KIND_LABELS = {
    "hex_key": "private key (64 hex)",
    "wif": "private key (WIF)",
    "xprv": "extended private key",
}
HIDE_REASON = "scan_secrets: looks like a secret (seed phrase or private key)"


def label(finding: SecretFinding) -> str:
    if finding.kind == "mnemonic":
        return f"recovery phrase ({finding.words} words)"
    return KIND_LABELS[finding.kind]


def redact(text: str, findings: list[SecretFinding]) -> str:
    for finding in sorted(findings, key=lambda finding: finding.start, reverse=True):
        text = text[: finding.start] + REDACTED + text[finding.end :]
    return text


def _hide_and_flag(post, actor, summary: str) -> str:
    post_hide(post=post, moderator=actor, reason=HIDE_REASON)
    # After hiding, so post_hide does not close it: the open flag puts the post in the queue.
    flag_secret_found(post=post, moderator=actor, summary=f"Found by scan_secrets: {summary}")
    return "hidden and flagged"


def _post_item(post, name: str, texts: dict[str, str]) -> ScanItem:
    state = "deleted" if post.is_deleted else "hidden" if post.is_hidden else ""
    return ScanItem(
        name=name,
        texts=texts,
        out_of_view=state,
        take_down=lambda actor, summary: _hide_and_flag(post, actor, summary),
    )


def forum_items():
    for thread in Thread.objects.order_by("pk").iterator():
        yield _post_item(
            thread, f"thread {thread.pk}", {"title": thread.title, "body": thread.body}
        )
    for answer in Answer.objects.order_by("pk").iterator():
        name = f"answer {answer.pk} (thread {answer.thread_id})"
        yield _post_item(answer, name, {"body": answer.body})
    for revision in Revision.objects.order_by("pk").iterator():
        yield revision_item(
            f"revision {revision.pk}",
            {"title": revision.title, "body": revision.body},
            lambda replacements, revision=revision: revision_redact(
                revision=revision, replacements=replacements
            ),
        )


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
        self.counts = {"scanned": 0, "matched": 0, "changed": 0}
        for item in (*forum_items(), *registered_items()):
            self._item(item)
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
            # Every take-down goes through the moderation services, which record who acted.
            raise CommandError(
                "No active superuser to record the hides as: pass --as MODERATOR "
                "(or run with --dry-run to only report)."
            )
        return actor

    def _item(self, item: ScanItem) -> None:
        self.counts["scanned"] += 1
        found = {
            name: hits for name, text in item.texts.items() if text and (hits := item.find(text))
        }
        for field, findings in found.items():
            for finding in findings:
                self.stdout.write(
                    f"{item.name} {field} @{finding.start}: {label(finding)} “{finding.excerpt}”"
                )
        if not found:
            return
        self.counts["matched"] += 1
        if item.redact is not None:
            self._redact(item, found)
        elif item.out_of_view:
            self._report(item.name, f"already {item.out_of_view}, left as is", False)
        elif self.dry_run:
            self._report(item.name, "would be taken out of view", True)
        else:
            summary = "; ".join(
                f"{label(finding)} “{finding.excerpt}” in {field}"
                for field, findings in found.items()
                for finding in findings
            )
            with transaction.atomic():
                outcome = item.take_down(self.actor, summary)
            self._report(item.name, outcome, True)

    def _redact(self, item: ScanItem, found: dict) -> None:
        if self.dry_run:
            self._report(item.name, "would be redacted", True)
            return
        item.redact({field: redact(item.texts[field], hits) for field, hits in found.items()})
        self._report(item.name, "secret cut out of the stored revision", True)

    def _report(self, name: str, outcome: str, changed: bool) -> None:
        self.counts["changed"] += changed
        self.stdout.write(f"  -> {name}: {outcome}")
