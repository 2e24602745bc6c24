FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 EDU4ALL_VAR_DIR=/app/var
WORKDIR /app

COPY pyproject.toml ./
RUN pip install --no-cache-dir "django>=5.2,<5.3" "openai>=1.40" "python-dotenv>=1.0" \
    "pillow>=10.1" "celery>=5.4" "redis>=5.0" "django-storages[s3,azure]>=1.14" \
    "psycopg[binary]>=3.1" "whitenoise>=6.6" "gunicorn>=22"

COPY . .
RUN DEBUG=false SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
    && useradd --create-home --uid 1000 edu4all && mkdir -p /app/var && chown -R edu4all /app/var
USER edu4all

EXPOSE 8000
CMD ["gunicorn", "edu4all.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
