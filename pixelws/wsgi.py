"""The WSGI application gunicorn serves (``make run``: pixelws/gunicorn_app.py)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pixelws.settings")
application = get_wsgi_application()
