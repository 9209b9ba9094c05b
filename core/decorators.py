"""The one answer to "may this visitor open this page?", for every app's views.

- Anonymous visitor on a page that needs an account: sent to log in, and brought back after.
  A button pressed while logged out (a POST) brings them back to the page that had the button,
  not to a POST-only URL.
- Signed in but lacking the role: the 403 page, saying which role is needed.
- An object they may not see: 404, decided by each app's access module, not here.

Which HTTP methods a view takes is declared with core.methods.allow_methods / post_only.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
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
