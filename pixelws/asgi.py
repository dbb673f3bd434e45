"""The ASGI entry point (pixelws is served by gunicorn over WSGI: pixelws/wsgi.py)."""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pixelws.settings")
application = get_asgi_application()
