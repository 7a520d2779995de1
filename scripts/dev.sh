#!/usr/bin/env bash
# `make dev`: for changing the code — DEBUG on, Django's autoreloading server, the demo union.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG=1
PORT=${PORT:-8000}
mkdir -p var
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py seed_demo --employees "${DEMO_EMPLOYEES:-1200}"
.venv/bin/python manage.py schedule_periodic
.venv/bin/python manage.py worker --queue-name '*' >var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "开发服务器：http://127.0.0.1:$PORT（代码改动自动重载）；任务进程日志：var/worker.log"
.venv/bin/python manage.py runserver "127.0.0.1:$PORT"
