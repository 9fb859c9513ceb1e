"""WSGI entry point: ``voortgang.wsgi:application`` (used by ``voortgang serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voortgang.settings")
application = get_wsgi_application()
