FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 EDU4ALL_VAR_DIR=/app/var
WORKDIR /app

COPY pyproject.toml ./
# The project's runtime dependencies, from pyproject.toml (the project itself is not a package).
RUN pip install --no-cache-dir .

COPY . .
RUN DEBUG=false SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
    && useradd --create-home --uid 1000 edu4all && mkdir -p /app/var && chown -R edu4all /app/var
USER edu4all

EXPOSE 8000
CMD ["gunicorn", "edu4all.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
