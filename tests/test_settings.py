"""Production settings, checked as `manage.py check --deploy` checks them."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def deploy_check(**env) -> tuple[int, set[str], str]:
    # The suite's own settings (the end-to-end tests allow async-unsafe calls) are not a deployment's.
    ours = ("DEBUG", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "BEHIND_TLS_PROXY", "SECURE_COOKIES", "SECRET_KEY")
    ours += ("DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")
    clean = {k: v for k, v in os.environ.items() if k not in ours and not k.startswith("HSTS_")}
    clean.update(GONGHUI_TESTING="0", DEBUG="0", SECRET_KEY="x" * 20 + "production-like-secret-key-9f8e7d6c5b4a", **env)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    return result.returncode, set(re.findall(r"\(([a-z_.]+\.[EW]\d+)\)", result.stdout + result.stderr)), result.stderr


def test_plain_http_intranet_install_warns_only_of_what_it_must_accept(tmp_path):
    code, found, stderr = deploy_check(ALLOWED_HOSTS="gonghui.example", GONGHUI_VAR_DIR=str(tmp_path))
    # Each is explained in the README (部署): without TLS there is no HTTPS to insist on.
    assert code == 0 and found == {"security.W004", "security.W008", "security.W012", "security.W016"}, stderr


def test_behind_a_tls_proxy_there_is_nothing_left_to_warn_of(tmp_path):
    code, found, _ = deploy_check(
        ALLOWED_HOSTS="gonghui.example",
        GONGHUI_VAR_DIR=str(tmp_path),
        BEHIND_TLS_PROXY="1",
        HSTS_INCLUDE_SUBDOMAINS="1",
        HSTS_PRELOAD="1",
    )
    assert code == 0 and found == set()


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    code, _, stderr = deploy_check(GONGHUI_VAR_DIR=str(tmp_path))
    assert code != 0 and "ALLOWED_HOSTS is required" in stderr
