"""Django's Redis cache, made to fail open: while Redis is away a read is a miss, a
write is dropped, and counters (add/incr, i.e. rate limits) are kept in the process's
own memory, so pages and registrations go on without the shared cache.

The first failure is logged and Redis is left alone for RETRY_AFTER seconds (an
OPTIONS entry, default 1), so an outage costs one refused connection per process per
second rather than one per cache call; when it answers again, that is logged too.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("site_project.cache")

FAILURES = (RedisError, OSError)


@dataclass
class _Outage:
    """Per process and Redis location: Django builds one cache object per thread."""

    since: float | None = None
    retry_at: float = 0.0
    failures: int = 0


_outages: dict[str, _Outage] = {}
_lock = threading.Lock()


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django builds a new redis-py client for every cache call, which costs more
    than the round trip; one client per connection pool does (it is thread-safe)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            pool = self._pools[index]
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class FailOpenRedisCache(RedisCache):
    """RedisCache that answers from nothing (and counts in memory) when Redis fails."""

    def __init__(self, server: str, params: dict[str, Any]):
        options = dict(params.get("OPTIONS") or {})
        self._retry_after = float(options.pop("RETRY_AFTER", 1.0))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedClientRedisCacheClient
        self._where = f"{server}|{self.key_prefix}"
        self._counters = LocMemCache(
            f"fail-open:{self._where}",
            {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 10_000}},
        )
        with _lock:
            _outages.setdefault(self._where, _Outage())

    # Health

    @property
    def _outage(self) -> _Outage:
        return _outages[self._where]

    def reachable(self) -> bool:
        """A real round trip to Redis (for /readyz), whatever the outage state."""
        try:
            self._cache.get_client(write=True).ping()
        except FAILURES:
            return False
        return True

    def _call(self, operation: Callable[[], Any], fallback: Callable[[], Any]) -> Any:
        outage = self._outage
        if outage.since is not None and time.monotonic() < outage.retry_at:
            return fallback()
        try:
            result = operation()
        except FAILURES as error:
            self._failed(error)
            return fallback()
        if outage.since is not None:
            self._recovered()
        return result

    def _failed(self, error: BaseException) -> None:
        outage = self._outage
        with _lock:
            now = time.monotonic()
            outage.failures += 1
            outage.retry_at = now + self._retry_after
            first = outage.since is None
            if first:
                outage.since = now
        if first:
            logger.warning(
                "Cache unreachable (%s, prefix %r): serving without it (reads miss, "
                "counters per process) until it answers",
                type(error).__name__,
                self.key_prefix,
            )

    def _recovered(self) -> None:
        outage = self._outage
        with _lock:
            if outage.since is None:
                return
            lasted = time.monotonic() - outage.since
            failures = outage.failures
            outage.since, outage.failures, outage.retry_at = None, 0, 0.0
        self._counters.clear()
        logger.warning(
            "Cache reachable again (prefix %r) after %.1f s, %d failed calls",
            self.key_prefix,
            lasted,
            failures,
        )

    # Django's cache API

    def get(self, key, default=None, version=None):
        return self._call(
            lambda: super(FailOpenRedisCache, self).get(key, default, version),
            lambda: self._counters.get(key, default, version),
        )

    def get_many(self, keys, version=None):
        return self._call(
            lambda: super(FailOpenRedisCache, self).get_many(keys, version),
            lambda: self._counters.get_many(keys, version),
        )

    def has_key(self, key, version=None):
        return self._call(
            lambda: super(FailOpenRedisCache, self).has_key(key, version),
            lambda: self._counters.has_key(key, version),
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # Dropped while away: a page cached per process would miss other servers'
        # invalidations.
        return self._call(
            lambda: super(FailOpenRedisCache, self).set(key, value, timeout, version),
            lambda: None,
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            lambda: super(FailOpenRedisCache, self).set_many(data, timeout, version),
            lambda: list(data),
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            lambda: super(FailOpenRedisCache, self).add(key, value, timeout, version),
            lambda: self._counters.add(
                key, value, self._fallback_timeout(timeout), version
            ),
        )

    def incr(self, key, delta=1, version=None):
        return self._call(
            lambda: super(FailOpenRedisCache, self).incr(key, delta, version),
            lambda: self._counters.incr(key, delta, version),
        )

    def decr(self, key, delta=1, version=None):
        return self._call(
            lambda: super(FailOpenRedisCache, self).decr(key, delta, version),
            lambda: self._counters.decr(key, delta, version),
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            lambda: super(FailOpenRedisCache, self).touch(key, timeout, version),
            lambda: self._counters.touch(key, self._fallback_timeout(timeout), version),
        )

    def delete(self, key, version=None):
        self._counters.delete(key, version)
        return self._call(
            lambda: super(FailOpenRedisCache, self).delete(key, version),
            lambda: False,
        )

    def delete_many(self, keys, version=None):
        self._counters.delete_many(keys, version)
        return self._call(
            lambda: super(FailOpenRedisCache, self).delete_many(keys, version),
            lambda: None,
        )

    def clear(self):
        self._counters.clear()
        return self._call(
            lambda: super(FailOpenRedisCache, self).clear(),
            lambda: False,
        )

    def _fallback_timeout(self, timeout):
        return self.default_timeout if timeout is DEFAULT_TIMEOUT else timeout
