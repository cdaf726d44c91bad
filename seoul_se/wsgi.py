import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seoul_se.settings.production")
application = get_wsgi_application()
