"""The cache every process of an embedded install shares: files under var/cache.

A cache kept in each process's memory disagrees between gunicorn's workers and the task
worker: one bumps a generation, the others keep serving the counts it made stale. Redis is
used when REDIS_URL is set; otherwise this, which needs nothing installed.
"""

from __future__ import annotations

import fcntl
import os
import random
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
