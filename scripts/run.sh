#!/usr/bin/env bash
# `make run`: the app on the embedded SQLite database with the demo union, web server and task worker.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG=${DEBUG:-1}
PORT=${PORT:-8000}
mkdir -p var
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py seed_demo --employees "${DEMO_EMPLOYEES:-1200}"
.venv/bin/python manage.py schedule_periodic
.venv/bin/python manage.py db_worker --queue-name '*' >var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
.venv/bin/python - <<'PY'
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
import django
django.setup()
from gonghui.org.demo import DEMO_LOGINS
port = os.environ.get("PORT", "8000")
print(f"\n工会工作平台已启动：http://127.0.0.1:{port}\n")
print("演示账号（密码均为 Demo@2024）：")
for role, number, name in DEMO_LOGINS:
    print(f"  {role:<12}{number}  {name}")
print("  系统管理员    admin\n任务进程日志：var/worker.log；按 Ctrl+C 停止。\n")
PY
.venv/bin/python manage.py runserver "127.0.0.1:$PORT" --noreload --skip-checks
