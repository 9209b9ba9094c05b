import math

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.i18n import set_language

from accounts import access, devices, selectors, services
from accounts.forms import LoginForm, ProfileForm, SignupForm
from core.decorators import login_required
from core.http import client_ip, next_url
from core.methods import post_only
from forum.selectors import answer_list_public, thread_list_public

PROFILE_PAGE_SIZE = 10


def _next_url(request: HttpRequest) -> str:
    """The page to return to after signing up or logging in, if it is one of ours."""
    return next_url(request)


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
def user_signup(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if request.user.is_authenticated:
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_signup(
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                display_name=data["display_name"],
                language=getattr(request, "LANGUAGE_CODE", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            auth_login(request, user)
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "accounts/user_signup.html", {"form": form, "next": next_url}, status=status
    )


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def user_login(request: HttpRequest) -> HttpResponse:
    # A member already logged in still gets the form (to switch accounts): redirecting them
    # would loop when the admin sends a logged-in non-staff member here.
    next_url = _next_url(request)
    if request.method != "POST":
        return render(
            request, "accounts/user_login.html", {"form": LoginForm(request), "next": next_url}
        )

    username = request.POST.get("username", "")
    ip_address = client_ip(request)
    username_key = services.login_username_key(username)
    limits = {
        "username_key": username_key,
        "ip_address": ip_address,
        "is_known_device": devices.is_known_device(request, username_key=username_key),
    }
    unlock_at = selectors.login_attempt_unlock_at(**limits)
    form = LoginForm(request, data=request.POST, unlock_at=unlock_at)
    if form.is_valid():
        # A known device let in past a lock-out must not wipe the lock: the failures from this
        # address may be an attacker's on the same network, who would then get five more tries.
        if not limits["is_known_device"] or (
            selectors.login_attempt_unlock_at(**{**limits, "is_known_device": False}) is None
        ):
            services.login_failures_clear(username=username, ip_address=ip_address)
        user = form.get_user()
        auth_login(request, user)
        response = redirect(next_url or settings.LOGIN_REDIRECT_URL)
        # Keyed by the account's own name, so any spelling the form accepts finds it next time.
        devices.remember_device(
            request, response, username_key=services.login_username_key(user.get_username())
        )
        return response
    if form.has_error(NON_FIELD_ERRORS, "invalid_login"):
        services.login_failure_record(username=username, ip_address=ip_address)
        # Say so on the attempt that used up the allowance, not only on the next one.
        unlock_at = selectors.login_attempt_unlock_at(**limits)
        if unlock_at is not None:
            form.add_error(None, form.locked_out_error(unlock_at))
    response = render(
        request,
        "accounts/user_login.html",
        {"form": form, "next": next_url},
        status=429 if unlock_at is not None else 400,
    )
    if unlock_at is not None:
        seconds = math.ceil((unlock_at - timezone.now()).total_seconds())
        response.headers["Retry-After"] = str(max(1, seconds))
    return response


def user_profile(request: HttpRequest, username: str) -> HttpResponse:
    member = access.member_get(username)
    threads = (
        thread_list_public()
        .filter(author=member)
        .select_related("category")
        .order_by("-created_at")
    )
    answers = (
        answer_list_public().filter(author=member).select_related("thread").order_by("-created_at")
    )
    return render(
        request,
        "accounts/user_profile.html",
        {
            "member": member,
            "is_owner": access.can_edit_profile(request.user, member),
            "thread_page": Paginator(threads, PROFILE_PAGE_SIZE).get_page(
                request.GET.get("threads")
            ),
            "answer_page": Paginator(answers, PROFILE_PAGE_SIZE).get_page(
                request.GET.get("answers")
            ),
        },
    )


@login_required
def user_profile_edit(request: HttpRequest, username: str) -> HttpResponse:
    member = access.member_get(username)
    if not access.can_edit_profile(request.user, member):
        raise PermissionDenied(_("You can only edit your own profile."))
    form = ProfileForm(request.POST or None, initial={"display_name": member.display_name})
    if request.method == "POST" and form.is_valid():
        try:
            services.user_profile_update(user=member, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(member)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "accounts/user_profile_edit.html", {"member": member, "form": form}, status=status
    )


@post_only
def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers a member's choice for their mail."""
    response = set_language(request)
    if request.user.is_authenticated:
        services.user_language_set(user=request.user, language=request.POST.get("language", ""))
    return response
