"""Code run in separate OS processes by test_concurrency.py, each one like a web server process.

Nothing Django is imported at module level: a spawned process imports this module before it
has configured Django.
"""

import os


def configure(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


def prepare(env: dict) -> dict:
    """Migrate the shared database; create a moderator, an answer and an FAQ category."""
    configure(env)
    from django.core.management import call_command

    from tests.factories import make_answer, make_user
    from tests.faq.factories import make_faq_category

    call_command("migrate", verbosity=0, interactive=False)
    moderator = make_user(username="moderator", moderator=True)
    answer = make_answer(body="Restart the app, then sync again.")
    return {"moderator": moderator.pk, "answer": answer.pk, "category": make_faq_category().pk}


def promote(env: dict, setup: dict, start) -> str:
    """Wait for the start signal, then submit the promote form's data once."""
    configure(env)
    from django.contrib.auth import get_user_model

    from faq.models import FaqCategory
    from faq.services import AlreadyPromoted, faq_entry_promote
    from forum.models import Answer

    moderator = get_user_model().objects.get(pk=setup["moderator"])
    answer = Answer.objects.select_related("thread").get(pk=setup["answer"])
    category = FaqCategory.objects.get(pk=setup["category"])
    start.wait(timeout=120)
    try:
        entry = faq_entry_promote(
            source_answer=answer,
            promoted_by=moderator,
            question=answer.thread.title,
            answer=answer.body,
            category=category,
            language="en",
        )
    except AlreadyPromoted as error:
        return f"already:{error.entry.pk}"
    return f"created:{entry.pk}"


def entries_from(env: dict, answer_pk: int) -> int:
    """How many FAQ entries the database holds for the answer."""
    configure(env)
    from faq.models import FaqEntry

    return FaqEntry.objects.filter(source_answer_id=answer_pk).count()
