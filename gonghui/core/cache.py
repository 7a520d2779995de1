"""The cache every process of an embedded install shares: files under var/cache.

A cache kept in each process's memory disagrees between gunicorn's workers and the task
worker: one bumps a generation, the others keep serving the counts it made stale. Redis is
used when REDIS_URL is set; otherwise this, which needs nothing installed.
"""

from __future__ import annotations

import fcntl
import os
import random
import secrets
from contextlib import contextmanager

from django.core.cache.backends.filebased import FileBasedCache


class SharedFileCache(FileBasedCache):
    # Django lists the whole directory on every set to decide whether to cull; with thousands
    # of entries that is most of a set's cost. Looking once in this many sets keeps the size
    # bounded all the same.
    cull_every = 50

    @contextmanager
    def _locked(self):
        self._createdir()
        with open(os.path.join(self._dir, ".lock"), "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def incr(self, key, delta=1, version=None):
        """Atomic across processes: two writers bumping one generation at once must give +2."""
        with self._locked():
            return super().incr(key, delta, version)

    def _cull(self):
        if random.randrange(self.cull_every) == 0:
            super()._cull()


def generation(name: str) -> int:
    """A counter bumped whenever the data behind `name` changes: part of every cached count's key,
    so a change makes the old counts unreachable at once.

    It starts at a random number, not 1: a counter lost from the cache (culled, or the cache
    emptied) must not start again at a value whose kept pages are still there."""
    from django.core.cache import cache

    return cache.get_or_set(f"generation:{name}", lambda: secrets.randbits(62), None)


def bump(name: str) -> None:
    from django.core.cache import cache

    try:
        cache.incr(f"generation:{name}")
    except ValueError:
        cache.set(f"generation:{name}", secrets.randbits(62), None)


def changed(name: str) -> None:
    """`name`'s data changed in this transaction: bumped now, so this request sees fresh figures,
    and again at commit, so a figure counted in between by another request is not kept."""
    from django.db import transaction

    bump(name)
    transaction.on_commit(lambda: bump(name))
