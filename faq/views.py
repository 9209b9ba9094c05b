from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.decorators import moderator_required
from core.http import bad_request, client_ip, next_url, referer_path
from core.text import reader_language
from faq import access, feedback, selectors, services
from faq.forms import (
    FaqCategoryForm,
    FaqEntryEditForm,
    FaqEntryForm,
    FaqFeedbackForm,
    FaqMergeForm,
    MoveForm,
    PublishForm,
)
from faq.models import FaqEntry
from forum.selectors import answer_list_public
from search.selectors import SearchUnavailable
from uploads.forms import append_form_image


def _entry_or_404(request: HttpRequest, pk: int) -> FaqEntry:
    return access.entry_get(request.user, pk)


@require_http_methods(["GET", "HEAD"])
def index(request: HttpRequest) -> HttpResponse:
    language = reader_language()
    show_all = request.GET.get("languages") == "all"
    query = request.GET.get("q", "").strip()[:200].replace("\x00", "")
    sections = selectors.faq_sections(
        user=request.user, language=language, show_all_languages=show_all
    )
    context = {
        "sections": sections,
        "show_all": show_all,
        "query": query,
        "language": language,
        "other_language_count": selectors.faq_entry_count_other_language(
            user=request.user, language=language
        ),
        "results": None,
    }
    if query:
        try:
            context["results"] = selectors.faq_entry_search(user=request.user, query=query)
        except SearchUnavailable:
            context["search_unavailable"] = True
    if not show_all and not sections:
        # Nothing in the reader's language yet: show the other one rather than an empty page.
        context["sections"] = selectors.faq_sections(
            user=request.user, language=language, show_all_languages=True
        )
        context["show_all"] = True
    return render(request, "faq/faqentry_index.html", context)


@require_http_methods(["GET", "HEAD"])
def entry_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    merged = selectors.faq_entry_merged_target(pk=pk)
    if merged is not None:
        return redirect(merged, permanent=True)
    entry = _entry_or_404(request, pk)
    if slug and slug != entry.slug:
        # An old slug (the question was edited) or a mistyped one: send to the current URL.
        return redirect(entry, permanent=True)
    return _render_entry(request, entry)


def _render_entry(request, entry, *, feedback_form=None, status=200) -> HttpResponse:
    session_key = request.session.session_key or ""
    return render(
        request,
        "faq/faqentry_detail.html",
        {
            "entry": entry,
            "feedback": selectors.faq_feedback_get(
                entry=entry,
                user=request.user,
                session_key=session_key,
                client_ip=client_ip(request),
            ),
            "feedback_form": feedback_form or FaqFeedbackForm(),
            "can_moderate": access.can_change_faq(request.user),
            "source_is_public": selectors.faq_entry_source_is_public(entry=entry),
        },
        status=status,
    )


@require_POST
def entry_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_or_404(request, pk)
    form = FaqFeedbackForm(request.POST)
    if form.is_valid():
        if not request.user.is_authenticated:
            # An empty session is never saved, so store a marker to get a stable key.
            request.session["faq_reader"] = True
            if not request.session.session_key:
                request.session.save()
        try:
            feedback.faq_feedback_record(
                entry=entry,
                is_helpful=form.cleaned_data["is_helpful"],
                user=request.user,
                session_key=request.session.session_key or "",
                client_ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(f"{entry.get_absolute_url()}#feedback")
    return _render_entry(request, entry, feedback_form=form, status=400)


@moderator_required
@require_http_methods(["GET", "POST"])
def entry_promote(request: HttpRequest, answer_id: int) -> HttpResponse:
    source = get_object_or_404(selectors.answer_for_promotion(), pk=answer_id)
    existing = selectors.faq_entry_for_answer(answer_id=source.pk)
    is_public = answer_list_public().filter(pk=source.pk).exists()
    context = {"source": source, "existing": existing, "is_public": is_public, "stale": None}
    if request.method == "POST":
        form = FaqEntryForm(request.POST, request.FILES)
        if form.is_valid() and append_form_image(request, form, body_field="answer"):
            data = form.cleaned_data
            try:
                entry = services.faq_entry_promote(
                    source_answer=source,
                    promoted_by=request.user,
                    question=data["question"],
                    answer=data["answer"],
                    category=data["category"],
                    language=data["language"],
                    is_published=data["is_published"],
                    answer_updated_at=data["opened_at"],
                )
            except services.AlreadyPromoted as error:
                context["existing"] = error.entry.merged_into or error.entry
                form.add_error(None, error)
            except services.StaleForm as error:
                context["stale"] = error.current
                form = _stale_form(form, error)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(entry)
        context["form"] = form
        return render(request, "faq/faqentry_promote.html", context, status=400)
    form = FaqEntryForm(
        initial={
            "question": source.thread.title,
            "answer": source.body,
            "language": source.thread.language,
            "opened_at": source.updated_at,
        }
    )
    context["form"] = form
    # A hidden or deleted answer gets the explanation instead of a form: 400 says "not this".
    return render(request, "faq/faqentry_promote.html", context, status=200 if is_public else 400)


def _stale_form(form, error: services.StaleForm):
    """Keep everything the moderator typed and let the next submit go through: the page now
    shows them the newer text."""
    data = form.data.copy()
    data["opened_at"] = error.current.updated_at.isoformat()
    fresh = type(form)(data)
    fresh.is_valid()
    fresh.add_error(None, error)
    return fresh


@moderator_required
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest) -> HttpResponse:
    duplicate = None
    if request.method == "POST":
        form = FaqEntryForm(request.POST, request.FILES)
        if form.is_valid() and append_form_image(request, form, body_field="answer"):
            data = form.cleaned_data
            try:
                entry = services.faq_entry_create(
                    created_by=request.user,
                    question=data["question"],
                    answer=data["answer"],
                    category=data["category"],
                    language=data["language"],
                    is_published=data["is_published"],
                )
            except ValidationError as error:
                duplicate = getattr(error, "entry", None)
                form.add_error(None, error)
            else:
                return redirect(entry)
        return render(
            request, "faq/faqentry_form.html", {"form": form, "duplicate": duplicate}, status=400
        )
    form = FaqEntryForm(initial={"language": reader_language()})
    return render(request, "faq/faqentry_form.html", {"form": form})


@moderator_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_or_404(request, pk)
    context = {"entry": entry, "stale": None}
    if request.method == "POST":
        form = FaqEntryEditForm(request.POST, request.FILES)
        if form.is_valid() and append_form_image(request, form, body_field="answer"):
            data = form.cleaned_data
            try:
                entry = services.faq_entry_update(
                    entry=entry,
                    editor=request.user,
                    question=data["question"],
                    answer=data["answer"],
                    category=data["category"],
                    language=data["language"],
                    expected_updated_at=data["opened_at"],
                )
            except services.StaleForm as error:
                context["stale"] = error.current
                form = _stale_form(form, error)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(entry)
        context["form"] = form
        return render(request, "faq/faqentry_form.html", context, status=400)
    context["form"] = FaqEntryEditForm(
        initial={
            "question": entry.question,
            "answer": entry.answer,
            "category": entry.category,
            "language": entry.language,
            "opened_at": entry.updated_at,
        }
    )
    return render(request, "faq/faqentry_form.html", context)


@moderator_required
@require_POST
def entry_publish(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_or_404(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, _("Choose publish or unpublish."))
    try:
        services.faq_entry_set_published(
            entry=entry, user=request.user, is_published=form.cleaned_data["is_published"]
        )
    except ValidationError as error:
        return _bad_request(request, *error.messages)
    return redirect(entry)


def _bad_request(request: HttpRequest, *reasons: str) -> HttpResponse:
    back = referer_path(request, default=reverse("faq:index"))
    return bad_request(request, *reasons, back_url=back)


@moderator_required
@require_POST
def entry_move(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_or_404(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, _("Move up or down."))
    services.faq_entry_move(
        entry=entry, user=request.user, direction=form.cleaned_data["direction"]
    )
    return redirect(next_url(request, f"{reverse('faq:index')}#{entry.anchor}"))


@moderator_required
@require_POST
def category_move(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(selectors.faq_category_list(), pk=pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, _("Move up or down."))
    services.faq_category_move(
        category=category, user=request.user, direction=form.cleaned_data["direction"]
    )
    return redirect(next_url(request, category.get_absolute_url()))


@moderator_required
@require_http_methods(["GET", "POST"])
def category_create(request: HttpRequest) -> HttpResponse:
    form = FaqCategoryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                category = services.faq_category_create(**form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(category)
        return render(request, "faq/faqcategory_form.html", {"form": form}, status=400)
    return render(request, "faq/faqcategory_form.html", {"form": form})


@moderator_required
@require_http_methods(["GET", "POST"])
def entry_merge(request: HttpRequest, pk: int) -> HttpResponse:
    keep = _entry_or_404(request, pk)
    form = FaqMergeForm(
        request.POST if request.method == "POST" else None, keep=keep, user=request.user
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                keep = services.faq_entries_merge(
                    keep=keep, merge=form.cleaned_data["merge"], user=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(keep)
        return render(request, "faq/faqentry_merge.html", {"entry": keep, "form": form}, status=400)
    return render(request, "faq/faqentry_merge.html", {"entry": keep, "form": form})


@moderator_required
@require_http_methods(["GET", "HEAD"])
def entry_revisions(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_or_404(request, pk)
    return render(
        request,
        "faq/faqentry_revisions.html",
        {"entry": entry, "revisions": selectors.faq_entry_revisions(entry=entry)},
    )
