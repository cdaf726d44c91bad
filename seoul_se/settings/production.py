"""Production (the default of manage.py, wsgi and Celery): DEBUG off, a real secret, HTTPS only.

docker-compose.yml runs with these; see README for the environment it reads.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import STORAGES, env_bool

if env_bool("DEBUG", False):
    # The old switch: development mode is its own settings module now.
    raise ImproperlyConfigured(
        "DEBUG=true does not apply to production settings; "
        "use DJANGO_SETTINGS_MODULE=seoul_se.settings.development."
    )

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is off (production). For development use "
        "DJANGO_SETTINGS_MODULE=seoul_se.settings.development."
    )

# Collected at build time (Dockerfile); whitenoise serves the hashed, compressed files.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # container health checks speak plain HTTP
