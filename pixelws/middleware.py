"""Middleware of pixelws's own."""
from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Content-Security-Policy on every answer (Django 5.2 has none of its own): a script
    injected into a page could neither run nor send data elsewhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
