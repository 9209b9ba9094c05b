"""Forum pages: HTTP in and out. Reads go through forum.selectors, writes through forum.services."""

import difflib

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.decorators import login_required
from core.http import bad_request, wants_json
from core.methods import post_only
from core.roles import is_moderator
from forum import access, page_cache, selectors, services
from forum.forms import AnswerForm, PreviewForm, ThreadForm, VoteForm
from forum.mentions import render_with_mentions
from forum.text import normalize_tags
from search import suggestions as search_suggestions
from uploads.forms import append_form_image
from uploads.selectors import inline_images_for_source

TABS = [
    ("latest", gettext_lazy("Latest")),
    ("unanswered", gettext_lazy("Unanswered")),
    ("solved", gettext_lazy("Solved")),
    ("top", gettext_lazy("Top")),
]
POPULAR_TAGS_SHOWN = 20


def _refused(request: HttpRequest, error: ValidationError, *, back: str) -> HttpResponse:
    """A write the services refused for a reason the reader can fix or understand (status 400)."""
    return bad_request(request, *error.messages, back_url=back)


def _add_service_error(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: under the field it names when the form has that
    field (model validation names model fields), otherwise above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _post_fields(form) -> dict:
    """The form's fields the services take: the image is already part of the body."""
    return {name: value for name, value in form.cleaned_data.items() if name != "image"}


def _sidebar() -> dict:
    return page_cache.sidebar(
        lambda: {
            "categories": list(selectors.category_list()),
            "popular_tags": list(selectors.tag_list_popular(limit=POPULAR_TAGS_SHOWN)),
        }
    )


def _page_context(csrf_placeholder: str | None) -> dict:
    """A page rendered for the anonymous page cache carries a placeholder CSRF token."""
    return {"csrf_token": csrf_placeholder} if csrf_placeholder else {}


def _listings(**kwargs) -> list[str]:
    return [page_cache.LISTINGS]


def _thread_version(*, pk, **kwargs) -> list[str]:
    return [page_cache.thread_key(pk)]


def _thread_list(
    request: HttpRequest, *, category=None, tag=None, csrf_placeholder=None
) -> HttpResponse:
    tab = request.GET.get("tab", "latest")
    if tab not in dict(TABS):
        tab = "latest"
    threads = selectors.thread_list_for_listing(
        user=request.user, tab=tab, category=category, tag=tag
    )
    paginator = Paginator(threads, settings.WENDA_PAGE_SIZE)
    # Counting reads every visible thread (no index covers the filter): the number shown is
    # kept for the page cache's lifetime, not redone for each page of each list.
    count_key = (
        tab,
        getattr(category, "pk", None),
        getattr(tag, "pk", None),
        is_moderator(request.user),
    )
    paginator.count = page_cache.cached_count(count_key, threads.count)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page": page,
        "tab": tab,
        "tabs": TABS,
        "category": category,
        "tag": tag,
        **_sidebar(),
        **_page_context(csrf_placeholder),
    }
    return render(request, "forum/thread_list.html", context)


@page_cache.cached_for_anonymous(_listings)
def home(request: HttpRequest, csrf_placeholder=None) -> HttpResponse:
    return _thread_list(request, csrf_placeholder=csrf_placeholder)


@page_cache.cached_for_anonymous(_listings)
def category(request: HttpRequest, slug: str, csrf_placeholder=None) -> HttpResponse:
    return _thread_list(
        request,
        category=get_object_or_404(selectors.category_list(), slug=slug),
        csrf_placeholder=csrf_placeholder,
    )


@page_cache.cached_for_anonymous(_listings)
def tag(request: HttpRequest, name: str, csrf_placeholder=None) -> HttpResponse:
    # Tags are stored normalised (lowercase, NFKC); /tags/USDT/ leads to /tags/usdt/.
    try:
        canonical = normalize_tags([name])
    except ValidationError:
        raise Http404 from None
    if canonical and canonical[0] != name:
        return redirect("forum:tag", canonical[0], permanent=True)
    return _thread_list(
        request,
        tag=get_object_or_404(selectors.tag_list(), name=name),
        csrf_placeholder=csrf_placeholder,
    )


def _thread_page(
    request: HttpRequest, thread, *, answer_form=None, status=200, csrf_placeholder=None
) -> HttpResponse:
    user = request.user
    answers = selectors.thread_answers_ordered(thread=thread, user=user)
    votes = selectors.vote_values_for(user=user, threads=[thread], answers=answers)
    # Per-post flags are attached here so the template only displays, never decides.
    thread.viewer_vote = votes.get(("thread", thread.pk), 0)
    thread.viewer_can_edit = access.can_edit(user, thread)
    thread.viewer_sees_hidden_notice = access.shows_hidden_notice(user, thread)
    can_accept = access.can_accept(user, thread)
    for answer in answers:
        answer.thread = thread  # one thread object for the access rules, not a query each
        answer.viewer_vote = votes.get(("answer", answer.pk), 0)
        answer.is_accepted = answer.pk == thread.accepted_answer_id
        answer.viewer_can_edit = access.can_edit(user, answer)
        answer.viewer_sees_hidden_notice = access.shows_hidden_notice(user, answer)
        answer.viewer_can_delete = access.can_delete(
            user, answer, accepted_answer_id=thread.accepted_answer_id
        )
    context = {
        "thread": thread,
        "answers": answers,
        "can_accept": can_accept,
        "can_answer": access.can_answer(user, thread),
        "answer_form": answer_form or AnswerForm(),
        "category": thread.category,  # highlights it in the sidebar
        "related": search_suggestions.related(thread),
        **_sidebar(),
        **_page_context(csrf_placeholder),
    }
    return render(request, "forum/thread_detail.html", context, status=status)


@page_cache.cached_for_anonymous(_thread_version)
def thread_detail(request: HttpRequest, pk: int, csrf_placeholder=None) -> HttpResponse:
    thread = access.thread_get(request.user, pk)
    return _thread_page(request, thread, csrf_placeholder=csrf_placeholder)


@login_required
def ask(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        # Only a well-formed slug reaches the database (PostgreSQL rejects NUL bytes outright).
        slug = request.GET.get("category", "")
        chosen = slug_re.fullmatch(slug) and selectors.category_list().filter(slug=slug).first()
        form = ThreadForm(initial={"category": chosen.pk} if chosen else {})
        return render(request, "forum/thread_form.html", {"form": form, "is_new": True})
    form = ThreadForm(request.POST, request.FILES)
    if form.is_valid() and append_form_image(request, form, body_field="body"):
        # Without JavaScript the asker has not seen the suggestions: show strong matches once,
        # with the typed text kept and a "post anyway" button (confirm_new=1).
        if request.POST.get("confirm_new") != "1":
            # A refusal (a seed phrase, the posting limit) is said first: "post anyway" on the
            # next page would only meet it then.
            try:
                services.thread_publishable_check(
                    author=request.user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                )
            except ValidationError as error:
                _add_service_error(form, error)
                return render(
                    request, "forum/thread_form.html", {"form": form, "is_new": True}, status=400
                )
            matches = search_suggestions.strong_matches(
                title=form.cleaned_data["title"], body=form.cleaned_data["body"]
            )
            if matches:
                return render(
                    request,
                    "forum/thread_form.html",
                    {"form": form, "is_new": True, "similar_matches": matches},
                )
        try:
            thread = services.thread_create(author=request.user, **_post_fields(form))
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Your question is posted. You will hear of answers."))
            return redirect(thread)
    return render(request, "forum/thread_form.html", {"form": form, "is_new": True}, status=400)


@login_required
def thread_edit(request: HttpRequest, pk: int) -> HttpResponse:
    thread = access.thread_get(request.user, pk)
    if not access.can_edit(request.user, thread):
        raise PermissionDenied(access.edit_refusal(request.user, thread))
    if request.method != "POST":
        form = ThreadForm(initial=ThreadForm.initial_for(thread))
        return render(request, "forum/thread_form.html", {"form": form, "thread": thread})
    form = ThreadForm(request.POST, request.FILES)
    if form.is_valid() and append_form_image(request, form, body_field="body"):
        try:
            services.thread_edit(thread=thread, editor=request.user, **_post_fields(form))
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(thread)
    return render(request, "forum/thread_form.html", {"form": form, "thread": thread}, status=400)


@post_only
@login_required
def answer_create(request: HttpRequest, pk: int) -> HttpResponse:
    thread = access.thread_get(request.user, pk)
    form = AnswerForm(request.POST, request.FILES)
    if form.is_valid() and append_form_image(request, form, body_field="body"):
        try:
            answer = services.answer_create(
                thread=thread, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Your answer is posted."))
            return redirect(answer)
    return _thread_page(request, thread, answer_form=form, status=400)


@login_required
def answer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    answer = access.answer_get(request.user, pk)
    if not access.can_edit(request.user, answer):
        raise PermissionDenied(access.edit_refusal(request.user, answer))
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial={"body": answer.body},
    )
    if form.is_bound and form.is_valid() and append_form_image(request, form, body_field="body"):
        try:
            services.answer_edit(answer=answer, editor=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(answer)
    status = 400 if form.is_bound else 200
    return render(
        request, "forum/answer_form.html", {"form": form, "answer": answer}, status=status
    )


@post_only
@login_required
def answer_delete(request: HttpRequest, pk: int) -> HttpResponse:
    answer = access.answer_get(request.user, pk)
    try:
        services.answer_delete(answer=answer, user=request.user)
    except ValidationError as error:
        return _refused(request, error, back=answer.get_absolute_url())
    messages.success(request, _("The answer was deleted."))
    return redirect(answer.thread)


def _vote(request: HttpRequest, *, back: str, **target) -> HttpResponse:
    form = VoteForm(request.POST)
    if not form.is_valid():
        error = ValidationError(_("A vote is “up”, “down” or “clear”."), code="bad_vote")
        return _refused(request, error, back=back)
    try:
        score = services.vote_cast(user=request.user, value=form.vote_value, **target)
    except ValidationError as error:
        return _refused(request, error, back=back)
    if wants_json(request):
        return JsonResponse({"score": score, "value": form.vote_value})
    return redirect(back)


@post_only
@login_required
def thread_vote(request: HttpRequest, pk: int) -> HttpResponse:
    thread = access.thread_get(request.user, pk)
    return _vote(request, thread=thread, back=thread.get_absolute_url())


@post_only
@login_required
def answer_vote(request: HttpRequest, pk: int) -> HttpResponse:
    answer = access.answer_get(request.user, pk)
    return _vote(request, answer=answer, back=answer.get_absolute_url())


@post_only
@login_required
def answer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    answer = access.answer_get(request.user, pk)
    try:
        services.answer_accept(answer=answer, user=request.user)
    except ValidationError as error:
        return _refused(request, error, back=answer.get_absolute_url())
    return redirect(answer)


@post_only
@login_required
def thread_unaccept(request: HttpRequest, pk: int) -> HttpResponse:
    thread = access.thread_get(request.user, pk)
    services.answer_unaccept(thread=thread, user=request.user)
    return redirect(thread)


@post_only
@login_required
def preview(request: HttpRequest) -> HttpResponse:
    """Live preview: the same rendering (mentions linked) the services do on save."""
    form = PreviewForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": " ".join(form.errors["body"])}, status=400)
    body = form.cleaned_data["body"]
    rendered, _mentioned = render_with_mentions(body, images=inline_images_for_source(body))
    return JsonResponse({"html": rendered.html})


def _history(*, author, created_at, revisions, current_title: str, current_body: str) -> list:
    """Versions newest first, each with a line diff against the one before it.

    A Revision row holds the text as it was *before* an edit, stamped with who made that edit
    and when; so version n's text is row n's, its author the editor of row n-1.
    """
    rows = sorted(revisions, key=lambda row: (row.created_at, row.pk))
    texts = [(row.title, row.body) for row in rows] + [(current_title, current_body)]
    authors = [author] + [row.editor for row in rows]
    times = [created_at] + [row.created_at for row in rows]
    versions = []
    for number, ((title, body), who, when) in enumerate(zip(texts, authors, times), start=1):
        previous = texts[number - 2] if number > 1 else None
        versions.append(
            {
                "number": number,
                "author": who,
                "created_at": when,
                "title": title,
                "previous_title": previous[0] if previous and previous[0] != title else "",
                "lines": _line_diff(previous[1] if previous else "", body)
                if previous
                else [("same", line) for line in body.splitlines()],
            }
        )
    return versions[::-1]


def _line_diff(old: str, new: str) -> list[tuple[str, str]]:
    old_lines, new_lines = old.splitlines(), new.splitlines()
    lines = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines += [("same", line) for line in old_lines[i1:i2]]
            continue
        lines += [("removed", line) for line in old_lines[i1:i2]]
        lines += [("added", line) for line in new_lines[j1:j2]]
    return lines


def thread_revisions(request: HttpRequest, pk: int) -> HttpResponse:
    thread = access.thread_get(request.user, pk)
    versions = _history(
        author=thread.author,
        created_at=thread.created_at,
        revisions=selectors.revision_list_for_thread(thread=thread),
        current_title=thread.title,
        current_body=thread.body,
    )
    return render(request, "forum/revision_list.html", {"thread": thread, "versions": versions})


def answer_revisions(request: HttpRequest, pk: int) -> HttpResponse:
    answer = access.answer_get(request.user, pk)
    versions = _history(
        author=answer.author,
        created_at=answer.created_at,
        revisions=selectors.revision_list_for_answer(answer=answer),
        current_title="",
        current_body=answer.body,
    )
    context = {"thread": answer.thread, "answer": answer, "versions": versions}
    return render(request, "forum/revision_list.html", context)
