"""Refuse form bodies Django would garble or choke on, with a 400 that says why (issue 9.1).

Django decodes a form body with the charset its Content-Type declares. For urlencoded forms it
refuses anything but UTF-8 by raising ``BadRequest`` from ``request.POST``; for multipart forms
it decodes the fields with the declared charset and replaces what does not decode with U+FFFD;
an unknown charset is ignored. The ``BadRequest`` became a 500: the 400 handler is wrapped in
``requires_csrf_token``, whose CSRF check reads ``request.POST`` again, which raises again (the
failed parse is not remembered), and so does the 500 handler's, leaving the WSGI server's bare
"A server error occurred". Over-large or over-long bodies (``RequestDataTooBig``,
``TooManyFieldsSent``) took the same path.

This middleware looks at the body once, before anything reads ``request.POST``:

* a declared charset must be UTF-8 (any spelling); ASCII is accepted when the body is pure ASCII,
  which is the same text in UTF-8. Anything else is refused, not re-decoded: we cannot tell
  whether the client meant it, and a guess could store different words than the member typed.
* an urlencoded body must be UTF-8 once percent-decoded, since Django would otherwise fall back
  to Latin-1 or U+FFFD and store garbled text.
* Django's own parse errors are caught here, the failed parse is recorded as an empty form (so
  the error handlers cannot fail again), and the reader gets the same kind of 400.
"""

import codecs
from urllib.parse import parse_qsl

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from core.http import bad_request

FORM_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
SHOWN_CHARSET_LENGTH = 40


def _charset_problem(request: HttpRequest) -> str | None:
    declared = request.content_params.get("charset")
    if declared is None:
        return None
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        codec = None
    if codec == "utf-8":
        request.encoding = "utf-8"  # Django refuses "utf8" and "UTF_8" as spellings
        return None
    if (
        codec == "ascii"
        and request.content_type != "multipart/form-data"
        and request.body.isascii()
    ):
        # The same bytes read as UTF-8 are the same text; Django refuses any non-UTF-8 label.
        request.encoding = "utf-8"
        return None
    return _(
        "The form was sent in the “%(charset)s” character encoding, but Wenda only accepts "
        "UTF-8, so nothing was saved. Reload the page and send the form again from it."
    ) % {"charset": declared[:SHOWN_CHARSET_LENGTH]}


def _invalid_text_problem(request: HttpRequest) -> str | None:
    if request.content_type != "application/x-www-form-urlencoded":
        return None
    try:
        parse_qsl(request.body.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        return _(
            "The form contained text that is not valid UTF-8. Nothing was saved, rather than "
            "save garbled words. Reload the page and send the form again from it."
        )
    return None


class FormBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        # Django parses a form body only for POST; other methods never reach a form.
        if request.method != "POST" or request.content_type not in FORM_CONTENT_TYPES:
            return self.get_response(request)
        try:
            problem = _charset_problem(request) or _invalid_text_problem(request)
            if problem is None:
                request.POST  # noqa: B018 - parse now, while a failure can still be answered
        except (BadRequest, SuspiciousOperation, MultiPartParserError):
            problem = _(
                "The form could not be read: it was too large, had too many fields or was "
                "malformed. Nothing was saved."
            )
        if problem is not None:
            # Later readers (the CSRF check of the error handlers) see an empty form.
            request._mark_post_parse_error()
            return bad_request(request, problem)
        return self.get_response(request)
