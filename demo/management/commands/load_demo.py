from django.core.management.base import BaseCommand

from demo import people
from demo.loader import DemoLoader


class Command(BaseCommand):
    help = (
        "Load the bilingual demo community (users, categories, threads, answers, votes, FAQ) "
        "through the real services. Idempotent: a second run adds nothing."
    )

    def handle(self, *args, **options):
        loader = DemoLoader().load()
        for line in loader.summary_lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo community ready."))
        self.stdout.write(f"Demo logins (password for all: {people.DEMO_PASSWORD}):")
        self.stdout.write(f"  {people.ADMIN:<12} superuser, Django admin at /admin/")
        self.stdout.write(f"  {people.STAFF:<12} staff (official team)")
        self.stdout.write(f"  {people.MODERATOR:<12} moderator")
        members = ", ".join(username for username, _, _ in people.MEMBERS)
        self.stdout.write(f"  members: {members}")
