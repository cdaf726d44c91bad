# Production image: gunicorn web, Celery worker and beat share it (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    SEOUL_SE_VAR_DIR=/var/lib/seoul_se DJANGO_SETTINGS_MODULE=seoul_se.settings.production
WORKDIR /app

COPY pyproject.toml README.md ./
COPY seoul_se ./seoul_se
COPY programs ./programs
COPY enterprises ./enterprises
COPY funds ./funds
COPY kpis ./kpis
COPY reports ./reports
RUN pip install .

COPY . .
# Static files are collected at build time; whitenoise serves them.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && useradd --system --home /app seoulse \
    && mkdir -p /var/lib/seoul_se/private && chown -R seoulse /var/lib/seoul_se
USER seoulse
EXPOSE 8000
CMD ["gunicorn", "seoul_se.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
