"""The cache every process shares: Redis in production (REDIS_URL), files under var/ otherwise."""

import multiprocessing
import uuid

from django.core.cache.backends.redis import RedisCache

from gonghui.core.cache import SharedFileCache


def test_the_redis_cache_backend_round_trips():
    cache = RedisCache("redis://127.0.0.1:6379/15", {})
    key = f"gonghui-test-{uuid.uuid4().hex}"  # another run on the same Redis keeps its own
    cache.set(key, {"在职": 3}, 60)
    assert cache.get(key) == {"在职": 3}
    cache.delete(key)


def _bump(location: str, times: int) -> None:
    cache = SharedFileCache(location, {})
    for _ in range(times):
        cache.incr("generation:cases")


def test_the_file_cache_is_one_cache_for_all_processes(tmp_path):
    """Four processes bump one generation 50 times each: every bump counts (a lost one would
    leave every process serving a stale count), and each process reads what the others wrote."""
    location = str(tmp_path / "cache")
    cache = SharedFileCache(location, {})
    cache.set("generation:cases", 1, None)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_bump, args=(location, 50)) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    assert SharedFileCache(location, {}).get("generation:cases") == 201
