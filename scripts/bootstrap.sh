#!/usr/bin/env bash
# Creates .venv with a Python >= 3.12, installs the pinned Python and npm packages and copies
# the front-end files into static. Quick when nothing changed (stamp files).
set -euo pipefail
cd "$(dirname "$0")/.."
reqs=${1:-requirements.txt}

find_python() {
  local candidates=(python3.13 python3.12 "${PYENV_ROOT:-$HOME/.pyenv}/versions/3.13.0/bin/python3.13"
                    "${PYENV_ROOT:-$HOME/.pyenv}/versions/3.12.1/bin/python3.12" /usr/bin/python3.13 /usr/bin/python3.12 python3)
  for c in "${candidates[@]}"; do
    local path
    path=$(PYENV_VERSION=3.13.0:3.12.1 command -v "$c" 2>/dev/null) || continue
    if PYENV_VERSION=3.13.0:3.12.1 "$path" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      echo "$path"
      return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ]; then
  if ! py=$(find_python); then
    echo "错误：找不到 Python 3.12 或更高版本（Django 6 需要）。请安装 python3.13（Debian: apt-get install python3.13 python3.13-venv）后重试。" >&2
    exit 1
  fi
  echo "使用 $py 创建 .venv"
  PYENV_VERSION=3.13.0:3.12.1 "$py" -m venv .venv
fi

stamp=.venv/.stamp-$(basename "$reqs")
if [ ! -f "$stamp" ] || [ "$reqs" -nt "$stamp" ] || [ requirements.txt -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$reqs"
  touch "$stamp"
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if ! command -v npm >/dev/null; then
    echo "错误：需要 npm 来安装前端依赖（Debian: apt-get install npm）。" >&2
    exit 1
  fi
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -f gonghui/static/vendor/htmx/htmx.min.js ] || [ node_modules/.package-lock.json -nt gonghui/static/vendor/htmx/htmx.min.js ]; then
  scripts/vendor.sh
fi
