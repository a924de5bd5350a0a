#!/bin/sh
# Run bench/load.py against its own gunicorn and worker, both on $DATABASE_URL and $FAZHI_VAR_DIR (a
# database kept for measuring, with the demo data or at least 青山镇 and `clerk`), then stop them.
#   DATABASE_URL=sqlite:///$PWD/var/loadsq/fazhi.sqlite3 FAZHI_VAR_DIR=$PWD/var/loadsq bench/load_run.sh 8105
# Extra arguments go to load.py (e.g. --seconds 60 --phases quiet,import).
set -eu
cd "$(dirname "$0")/.."
port=${1:-8105}
[ $# -gt 0 ] && shift
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.development}
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python -m gunicorn config.wsgi:application --bind "127.0.0.1:$port" --workers 2 --threads 4 \
  --timeout 120 >"$FAZHI_VAR_DIR/gunicorn.log" 2>&1 &
web=$!
.venv/bin/python manage.py worker --interval 1 >"$FAZHI_VAR_DIR/worker.log" 2>&1 &
worker=$!
trap 'kill $web $worker 2>/dev/null; wait $web $worker 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -s -o /dev/null -w "%{http_code}" "http://127.0.0.1:$port/login/" | grep -q 200 && break
  sleep 1
done
echo "load before: $(cat /proc/loadavg)" >&2
.venv/bin/python bench/load.py --url "http://127.0.0.1:$port" "$@"
echo "load after: $(cat /proc/loadavg)" >&2
