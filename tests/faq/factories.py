"""FAQ test data, built through the real services."""

import itertools

from faq.services import faq_category_create, faq_entry_create, faq_entry_promote

_seq = itertools.count(1)


def make_faq_category(*, name=None, name_zh=""):
    number = next(_seq)
    return faq_category_create(
        name=name or f"FAQ section {number}", slug=f"faq-section-{number}", name_zh=name_zh
    )


def make_faq_entry(
    *,
    created_by,
    category=None,
    question=None,
    answer="Open *Settings* and tap **Reset**.",
    language="en",
    is_published=True,
):
    return faq_entry_create(
        created_by=created_by,
        question=question or f"How do I do thing {next(_seq)}?",
        answer=answer,
        category=category or make_faq_category(),
        language=language,
        is_published=is_published,
    )


def promote(answer, moderator, category, **overrides):
    fields = {
        "question": answer.thread.title,
        "answer": answer.body,
        "category": category,
        "language": answer.thread.language,
    }
    fields.update(overrides)
    return faq_entry_promote(source_answer=answer, promoted_by=moderator, **fields)
