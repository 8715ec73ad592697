"""Health endpoints for load balancers, supervisors and deploys.

/healthz: the process answers (nothing else is touched). /readyz: the database answers
on a fresh connection with short timeouts, every migration on disk is applied, and
every cache answers a round trip; otherwise 503 naming what is down. Neither is ever
cached, and neither reads or writes anything personal.
"""

import copy
import functools
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.utils import load_backend
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("site_project.health")

# libpq rounds a connect timeout below 2 s up to 2 s; a stopped server refuses at once.
DATABASE_CONNECT_TIMEOUT = 2
DATABASE_STATEMENT_TIMEOUT_MS = 1000

Check = str  # "ok", "down", "pending" or "unknown"


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    started = time.perf_counter()
    database, migrations = _database_and_migrations()
    checks = {"database": database, "migrations": migrations, "cache": _caches()}
    down = [name for name, state in checks.items() if state != "ok"]
    if down:
        logger.warning(
            "Not ready: %s", ", ".join(f"{name} {checks[name]}" for name in down)
        )
    return JsonResponse(
        {
            "status": "unavailable" if down else "ready",
            "checks": checks,
            "down": down,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        },
        status=503 if down else 200,
    )


def _database_and_migrations() -> tuple[Check, Check]:
    """A connection of its own, so that its timeouts are short and a broken pooled
    connection of this worker cannot answer for the database."""
    settings_dict = copy.deepcopy(connections[DEFAULT_DB_ALIAS].settings_dict)
    postgres = settings_dict["ENGINE"].endswith("postgresql")
    if postgres:
        options = settings_dict.setdefault("OPTIONS", {})
        options["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
        options.pop("pool", None)  # one plain connection, closed after the check
    backend = load_backend(settings_dict["ENGINE"])
    probe = backend.DatabaseWrapper(settings_dict, alias="readyz-probe")
    try:
        with probe.cursor() as cursor:
            if postgres:
                cursor.execute(
                    f"SET statement_timeout = {DATABASE_STATEMENT_TIMEOUT_MS}"
                )
            cursor.execute("SELECT 1")
            try:
                cursor.execute("SELECT app, name FROM django_migrations")
            except probe.Database.Error:
                return "ok", "pending"  # not even the migrations table
            applied = set(cursor.fetchall())
    except Exception as error:  # noqa: BLE001 (any failure means "not ready")
        logger.warning("Database check failed: %s", type(error).__name__)
        return "down", "unknown"
    finally:
        probe.close()
    return "ok", "ok" if _all_applied(applied) else "pending"


@functools.cache
def _leaf_migrations() -> tuple[tuple[tuple[str, str], ...], ...]:
    """Each app's latest migrations on disk, with what a squash replaces."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    leaves = []
    for key in loader.graph.leaf_nodes():
        replaces = tuple(getattr(loader.graph.nodes[key], "replaces", ()) or ())
        leaves.append((key, *replaces))
    return tuple(leaves)


def _all_applied(applied: set[tuple[str, str]]) -> bool:
    # Applying a migration needs its ancestors, so the leaves stand for all.
    return all(
        leaf[0] in applied or (len(leaf) > 1 and set(leaf[1:]) <= applied)
        for leaf in _leaf_migrations()
    )


def _caches() -> Check:
    for alias in settings.CACHES:
        cache = caches[alias]
        reachable = getattr(cache, "reachable", None)
        if reachable is not None:
            ok = reachable()
        else:
            key = f"readyz:{uuid.uuid4().hex}"
            try:
                cache.set(key, 1, 5)
                ok = cache.get(key) == 1
                cache.delete(key)
            except Exception:  # noqa: BLE001 (an unreachable cache)
                ok = False
        if not ok:
            return "down"
    return "ok"
