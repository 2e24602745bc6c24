#!/usr/bin/env bash
# Start Edu4All locally: migrate, create the demo school once, then run the web server
# and a real Celery worker (with the periodic sweep) together. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
mkdir -p var

$PY manage.py migrate --noinput
$PY manage.py seed_demo
# Pictures are signed (C2PA): a development key in var/c2pa/ on the first run.
$PY manage.py make_c2pa_dev_key

trap 'trap - INT TERM EXIT; kill 0 2>/dev/null; wait' INT TERM EXIT

# Threads, not one process per core: a worker mostly waits on the image provider.
.venv/bin/celery -A edu4all worker --beat --schedule var/celerybeat-schedule \
    --pool=threads --concurrency="${CELERY_CONCURRENCY:-8}" --loglevel=INFO &
$PY manage.py runserver "${RUN_ADDRESS:-127.0.0.1:8000}" &
wait -n
