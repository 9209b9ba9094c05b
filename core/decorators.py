"""The one answer to "may this visitor open this page?", for every app's views.

- Anonymous visitor on a page that needs an account: sent to log in, and brought back after.
  A button pressed while logged out (a POST) brings them back to the page that had the button,
  not to a POST-only URL.
- Signed in but lacking the role: the 403 page, saying which role is needed.
- An object they may not see: 404, decided by each app's access module, not here.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.http import referer_path
from core.roles import is_moderator, is_staff_member


def _login_redirect(request):
    target = request.get_full_path() if request.method in ("GET", "HEAD") else referer_path(request)
    return redirect_to_login(target)


def _role_required(check, reason):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return _login_redirect(request)
            if not check(request.user):
                raise PermissionDenied(reason)  # templates/403.html shows the reason
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _is_active_member(user) -> bool:
    return user.is_active


login_required = _role_required(_is_active_member, _("Your account is deactivated."))
moderator_required = _role_required(is_moderator, _("Only moderators and staff can do this."))
staff_required = _role_required(is_staff_member, _("Only staff members can see this page."))


def methods(*allowed: str):
    """Like require_http_methods, but the 405 page says why in the reader's language, and the
    view records what it accepts (core.middleware answers other methods with the same 405)."""
    allowed = tuple(dict.fromkeys(m.upper() for m in allowed))
    if "GET" in allowed and "HEAD" not in allowed:
        allowed += ("HEAD",)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in allowed:
                response = render(request, "405.html", status=405)
                response["Allow"] = ", ".join(allowed)
                return response
            return view(request, *args, **kwargs)

        wrapped.allowed_methods = allowed
        return wrapped

    return decorator


post_only = methods("POST")
read_only = methods("GET")
