"""The registration rate limit is counted in the shared cache: one client reaches it at
the same total whichever server answers (servers run with a limit of 10 per hour)."""

import time

from .conftest import RATE_LIMIT, register, requires_postgres

pytestmark = requires_postgres

PATTERNS = {
    "alternating A, B, A, B ...": lambda n: "AB"[n % 2],
    "first 7 on A, then all on B": lambda n: "A" if n < 7 else "B",
    "all on B but every third on A": lambda n: "A" if n % 3 == 2 else "B",
}


def window() -> int:
    return int(time.time() // 3600)


def first_refusal(replies) -> int | str:
    return next((n + 1 for n, r in enumerate(replies) if not r.succeeded), "-")


def sign_ups(site, client: str, servers) -> list:
    page_id = site.sessions["ratelimit"]
    return [
        register(
            site,
            servers(n),
            page_id,
            via="form" if n % 4 in (1, 2) else "api",
            client=client,
            prefix="ratelimit",
        )
        for n in range(RATE_LIMIT * 2)
    ]


def test_the_limit_is_reached_at_the_same_total_whichever_server_answers(site, figures):
    results = {}
    for index, (pattern, servers) in enumerate(PATTERNS.items()):
        for attempt in range(2):  # again if the hour's window turned meanwhile
            before = window()
            replies = sign_ups(site, f"203.0.113.{index * 2 + attempt + 1}", servers)
            if window() == before:
                break
        results[pattern] = replies

    figures(
        f"rate limit across two servers ({RATE_LIMIT}/h per client and session)",
        {
            pattern: (
                f"{sum(r.succeeded for r in replies)} accepted, "
                f"{sum(r.reply.status == 429 for r in replies)} refused (429) of "
                f"{len(replies)}; first refusal at #{first_refusal(replies)}"
            )
            for pattern, replies in results.items()
        },
    )
    for replies in results.values():
        assert [r.succeeded for r in replies] == [True] * RATE_LIMIT + [
            False
        ] * RATE_LIMIT, [(r.reply.server, r.reply.status) for r in replies]
        assert all(r.reply.status == 429 for r in replies[RATE_LIMIT:])
        assert {r.reply.server for r in replies} == {"A", "B"}
