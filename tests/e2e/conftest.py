"""Real Chromium (Debian's, never a downloaded one) driving the live server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# pytest-django's live_server with Playwright's sync API runs inside an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESK = {"viewport": {"width": 1366, "height": 900}}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    # A busy CI machine serves a page in seconds, not milliseconds: assertions wait as long as
    # actions do (expect() has its own 5 s default otherwise).
    expect.set_options(timeout=15_000)

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is required for end-to-end tests: apt-get install chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """Open a page on a phone or a desk, with console errors (e.g. CSP violations) collected."""
    contexts = []

    def _open(kind: str = "desk"):
        context = browser.new_context(locale="zh-CN", base_url=live_server.url, **(PHONE if kind == "phone" else DESK))
        context.set_default_timeout(15_000)
        contexts.append(context)
        # Charts drawn mid-animation show wrong bars in screenshots.
        context.add_init_script("document.documentElement.dataset.noAnimation = '1'")
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
        return page

    yield _open
    for context in contexts:
        context.close()


def log_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("工号或手机号").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
