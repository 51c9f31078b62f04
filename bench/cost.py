"""What one request costs inside Django, without a network, a server or a load generator.

Run by bench/run.py with the server's environment:
`python bench/cost.py '{"healthz": ["/healthz", "", ""], ...}'` (name → [path, cookie, body];
a page with a body is a POST of that urlencoded form). `--gzip` sends
`Accept-Encoding: gzip`, as browsers do, so the bytes are the page as sent compressed;
`--rounds N` and `--per-round N` set how many requests are timed (15 × 20 by default).
Prints one JSON object: for each page, the median milliseconds per request through the
whole middleware stack and view, the SQL queries it ran and the bytes of its body. The
pages are timed in interleaved rounds so a busy neighbour slows them all alike. healthz
cost / page cost is the best throughput ratio a CPU-bound server could reach for that page:
when wrk measures a lower ratio, the page itself is the reason, not the server or the
benchmark.
"""

import argparse
import json
import os
import statistics
import sys
import time
from functools import partial
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORM = "application/x-www-form-urlencoded"
ROUNDS = 15
PER_ROUND = 20


def main(
    spec: str, *, gzip: bool = False, rounds: int = ROUNDS, per_round: int = PER_ROUND
) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    pages = {name: tuple(page) for name, page in json.loads(spec).items()}
    send = {}
    for name, (path, cookie, body) in pages.items():
        # The CSRF check is on, as in the server: a POST carries its token like a browser.
        headers = {"Accept-Encoding": "gzip"} if gzip else {}
        client = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True, headers=headers)
        for morsel in SimpleCookie(cookie).values():
            client.cookies[morsel.key] = morsel.value
        send[name] = (
            partial(client.post, path, body, content_type=FORM)
            if body
            else partial(client.get, path)
        )

    queries = {}
    sizes = {}
    for name, (path, _, _) in pages.items():
        # Counted on a warm request, like the timed ones: the first request of a process
        # also opens the database connection and fills the guide's page cache.
        send[name]()
        executed: list[str] = []

        def count(execute, sql, params, many, context, executed=executed):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = send[name]()
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        queries[name] = len(executed)
        sizes[name] = len(response.content)

    samples: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(rounds):
        for name in pages:
            request = send[name]
            start = time.perf_counter()
            for _ in range(per_round):
                request()
            samples[name].append((time.perf_counter() - start) * 1000 / per_round)

    result = {
        name: {
            "ms": round(statistics.median(samples[name]), 3),
            "queries": queries[name],
            "bytes": sizes[name],
        }
        for name in pages
    }
    print(json.dumps(result))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("pages")
    parser.add_argument("--gzip", action="store_true")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--per-round", type=int, default=PER_ROUND)
    arguments = parser.parse_args()
    main(
        arguments.pages,
        gzip=arguments.gzip,
        rounds=arguments.rounds,
        per_round=arguments.per_round,
    )
