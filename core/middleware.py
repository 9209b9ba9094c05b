from django.conf import settings

# Inline script and style are forbidden: even if sanitising ever let markup through, the browser
# would not run it. Everything the site needs is served from /static/.
DEFAULT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "WENDA_CONTENT_SECURITY_POLICY", DEFAULT_POLICY)
        # The admin ships inline scripts; it is staff-only and keeps Django's own protections.
        if policy and not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
