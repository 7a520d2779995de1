"""Production keeps sessions and cached figures in Redis (REDIS_URL); the machines run one on 6379."""

from django.core.cache.backends.redis import RedisCache


def test_the_redis_cache_backend_round_trips():
    cache = RedisCache("redis://127.0.0.1:6379/15", {})
    cache.set("gonghui-test", {"在职": 3}, 10)
    assert cache.get("gonghui-test") == {"在职": 3}
    cache.delete("gonghui-test")
