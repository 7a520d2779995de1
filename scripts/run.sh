#!/usr/bin/env bash
# `make run`: the app as production runs it — DEBUG off, gunicorn, static files by whitenoise,
# the cache shared by every process — on the embedded SQLite database with the demo union,
# and a task worker that is started again whenever it dies.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8000}
mkdir -p var
export DEBUG=0
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export SITE_URL=${SITE_URL:-http://127.0.0.1:$PORT}
if [ -z "${SECRET_KEY:-}" ]; then
  # One random key per install, kept under var/: sessions survive a restart.
  [ -s var/secret_key ] || (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))' >var/secret_key)
  SECRET_KEY=$(cat var/secret_key)
  export SECRET_KEY
fi
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/python manage.py seed_demo --employees "${DEMO_EMPLOYEES:-1200}"
.venv/bin/python manage.py schedule_periodic

supervise() {
  while true; do
    "$@" || true
    echo "$(date '+%F %T') 任务进程已退出，2 秒后重新启动" >&2
    sleep 2
  done
}
# Its own process group (set -m), so stopping the app stops the loop and the worker together.
set -m
supervise .venv/bin/python manage.py worker --queue-name '*' --no-reload >>var/worker.log 2>&1 &
supervisor=$!
set +m
trap 'kill -- "-$supervisor" 2>/dev/null || true' EXIT

.venv/bin/python - <<'PY'
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
import django
django.setup()
from gonghui.org.demo import DEMO_LOGINS, SECOND_LOGINS, SECOND_NAME
port = os.environ.get("PORT", "8000")
print(f"\n工会工作平台已启动：http://127.0.0.1:{port}\n")
print("演示账号（密码均为 Demo@2024）：")
for role, number, name in DEMO_LOGINS:
    print(f"  {role:<12}{number}  {name}")
print(f"第二个示例工会「{SECOND_NAME}」（100 名职工，只看得到自己工会的数据）：")
for role, number, name in SECOND_LOGINS:
    print(f"  {role:<12}{number}  {name}")
print("  系统管理员    admin\n任务进程日志：var/worker.log（进程退出会自动重启）；访问日志：var/access.log；按 Ctrl+C 停止。\n")
PY
.venv/bin/gunicorn gonghui.wsgi \
  --workers "${WEB_WORKERS:-2}" --bind "127.0.0.1:$PORT" --timeout 60 --graceful-timeout 10 \
  --max-requests 2000 --max-requests-jitter 200 \
  --access-logfile var/access.log --error-logfile - --log-level warning
