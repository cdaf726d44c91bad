"""Development (``make run``, scripts/run-dev.sh): DEBUG on, local hosts, mail on the console.

The embedded defaults of base.py apply: SQLite under var/ and kombu's filesystem broker, so no
server is needed.
"""

import os

from .base import *  # noqa: F403
from .base import env_list

DEBUG = True
SECRET_KEY = (
    os.environ.get("SECRET_KEY")
    or "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# The portal's own 404 page instead of Django's technical page (which lists every URL).
MIDDLEWARE = [*MIDDLEWARE, "seoul_se.core.views.PortalNotFoundMiddleware"]  # noqa: F405
