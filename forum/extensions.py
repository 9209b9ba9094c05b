"""Places on the forum's pages where apps above the forum add their own parts.

The forum shows posts; the FAQ adds "this answer is in the FAQ", moderation adds flag buttons
and moderator tools. Those apps register a template in their ``AppConfig.ready()``; the forum's
templates include whatever is registered, in order, and never name another app's template.
"""

THREAD_FOOTER = "thread_footer"  # under the question; context: thread
ANSWER_FOOTER = "answer_footer"  # in each answer's footer; context: answer, thread
# Above a hidden post, shown to its author only; context: post (thread or answer), thread
HIDDEN_POST_NOTICE = "hidden_post_notice"
THREAD_ACTIONS = "thread_actions"  # beside the question's links (Link, Edit); context: thread
CATEGORY_HEADER = "category_header"  # in a category page's header; context: category
TAG_HEADER = "tag_header"  # in a tag page's header; context: tag

_slots: dict[str, list[tuple[int, str]]] = {
    slot: []
    for slot in (
        THREAD_FOOTER,
        ANSWER_FOOTER,
        HIDDEN_POST_NOTICE,
        THREAD_ACTIONS,
        CATEGORY_HEADER,
        TAG_HEADER,
    )
}


def register_template(slot: str, template_name: str, *, order: int = 50) -> None:
    """Include ``template_name`` in ``slot``; lower ``order`` first. Idempotent."""
    entries = _slots[slot]
    if all(name != template_name for _order, name in entries):
        entries.append((order, template_name))
        entries.sort()


def templates_for(slot: str) -> list[str]:
    return [name for _order, name in _slots[slot]]


# Relations loaded with the thread of a thread page, in its one query: what a registered part
# shows about the thread (moderation's escalation notice) then costs no query of its own.
_thread_page_relations: list[str] = []


def register_thread_page_relation(path: str) -> None:
    """Load ``path`` (a ``select_related`` path from Thread, to at most one row) with the
    thread of a thread page. Idempotent."""
    if path not in _thread_page_relations:
        _thread_page_relations.append(path)


def thread_page_relations() -> list[str]:
    return list(_thread_page_relations)
