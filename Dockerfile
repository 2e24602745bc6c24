# One image for every app container of docker-compose.yml: web (gunicorn), worker and
# beat (Celery) and the one-off migrate, each with its own command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    EDU4ALL_VAR_DIR=/app/var
WORKDIR /app

# Dependencies first, the exact versions of requirements.lock (made from pyproject.toml by
# `make lock`), so a code change reuses this layer and every build installs the same.
# The project itself is not a package: `pip install --no-deps .` adds nothing else.
COPY pyproject.toml requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock \
    && pip install --no-cache-dir --no-deps .

COPY . .
# Static files are collected into the image (whitenoise serves them); the dummy values
# only satisfy settings with DEBUG off and never reach a running container.
RUN DEBUG=false SECRET_KEY=build-only ALLOWED_HOSTS=build EDU4ALL_ENV_FILE=/dev/null \
        python manage.py collectstatic --noinput \
    && useradd --create-home --uid 1000 edu4all \
    && mkdir -p /app/var/media \
    && chown -R edu4all /app/var
# Code stays owned by root: the app user can write only var/ (media with local storage).
USER edu4all

EXPOSE 8000
CMD ["gunicorn", "edu4all.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
