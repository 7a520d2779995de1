"""The suite's settings: the project's own, with the switches a test run needs (TESTING in
gonghui/settings.py: a fast hasher, in-process tasks, a cache per test process). Named in
pyproject.toml, so the project's settings never have to guess whether they run under pytest."""

import os

os.environ.setdefault("GONGHUI_TESTING", "1")

from gonghui.settings import *  # noqa: E402, F403
