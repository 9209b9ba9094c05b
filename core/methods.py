"""Answer HTTP methods a view does not take with 405 and an Allow header, for every URL (issue 9.2).

Function views without a method decorator ran their GET branch for PUT, DELETE, PATCH and
made-up methods and answered 200. The middleware decides before the view runs, from what the
view declares:

* ``allow_methods(...)`` below (sets ``view.allowed_methods``);
* Django's ``require_http_methods`` family (``require_POST``, ``require_GET``, ``require_safe``),
  read from the decorator's closure because Django records the list nowhere else;
* a class-based view's handlers (``get``, ``post``...);

and the site default, GET, HEAD and POST, for views that declare nothing. The site has no API
that takes PUT, PATCH or DELETE, so those are never allowed, whatever a view declares (a
``RedirectView`` would otherwise redirect a DELETE). OPTIONS is answered here with 200 and the
Allow header, which is what it is for.
"""

from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.http import wants_json

SITE_METHODS = ("GET", "HEAD", "POST")
_MAX_UNWRAP = 20  # decorator layers followed through __wrapped__; far more than any view has


def allow_methods(*methods: str):
    """Declare (and enforce) the methods a view takes: the 405 page is the translated one."""
    declared = tuple(method.upper() for method in methods)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in declared:
                return method_not_allowed(request, declared)
            return view(request, *args, **kwargs)

        wrapper.allowed_methods = declared
        return wrapper

    return decorator


post_only = allow_methods("POST")


def _declared_methods(view) -> tuple[str, ...] | None:
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        handlers = [
            name.upper() for name in view_class.http_method_names if hasattr(view_class, name)
        ]
        if "GET" in handlers and "HEAD" not in handlers:
            handlers.append("HEAD")  # View.setup() answers HEAD with get()
        return tuple(handlers)
    layer = view
    for _layer in range(_MAX_UNWRAP):
        if layer is None:
            break
        if hasattr(layer, "allowed_methods"):
            return tuple(layer.allowed_methods)
        code, closure = getattr(layer, "__code__", None), getattr(layer, "__closure__", None)
        if code is not None and closure and "request_method_list" in code.co_freevars:
            cell = closure[code.co_freevars.index("request_method_list")]
            return tuple(method.upper() for method in cell.cell_contents)
        layer = getattr(layer, "__wrapped__", None)
    return None


def allowed_methods(view) -> tuple[str, ...]:
    declared = _declared_methods(view)
    if declared is None:
        return SITE_METHODS
    return tuple(method for method in SITE_METHODS if method in declared)


def method_not_allowed(request: HttpRequest, allowed) -> HttpResponse:
    if wants_json(request):
        response = JsonResponse(
            {
                "error": _("This address does not accept %(method)s requests.")
                % {"method": request.method[:20]}
            },
            status=405,
        )
    else:
        context = {"allowed_methods": allowed, "takes_get": "GET" in allowed}
        response = render(request, "405.html", context, status=405)
    response["Allow"] = ", ".join(allowed)
    return response


class AllowedMethodsMiddleware:
    """Listed before CsrfViewMiddleware, so a PUT gets its 405 rather than a CSRF 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        # Django's own 405s (require_POST, class-based views) have an empty body: give them the
        # page that says why, keeping their Allow header.
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            allowed = tuple(part.strip() for part in response["Allow"].split(",") if part.strip())
            response = method_not_allowed(request, allowed)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        allowed = allowed_methods(view_func)
        if request.method in allowed:
            return None
        if request.method == "OPTIONS":
            response = HttpResponse(status=200)
            response["Allow"] = ", ".join((*allowed, "OPTIONS"))
            return response
        return method_not_allowed(request, allowed)
