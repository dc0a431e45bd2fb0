"""The WSGI application every web server runs: gunicorn under `lianggang serve`, runserver under the demo."""
import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

from lianggang.lib.env import MISSING_SECRET_KEY

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianggang.settings")
application = get_wsgi_application()

# Sessions, CSRF tokens and signed Excel forms need a key: without one, refuse to serve now
# rather than fail at the first request (Django refuses to read an empty key, in English).
try:
    settings.SECRET_KEY  # noqa: B018
except ImproperlyConfigured:
    raise ImproperlyConfigured(MISSING_SECRET_KEY) from None
