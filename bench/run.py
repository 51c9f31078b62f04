"""`make bench`: throughput, load with and without a killed worker, page weight, Lighthouse.

Each database in turn (SQLite, then PostgreSQL) gets a fresh schema and a production-mode
gunicorn on loopback, started with the repository's gunicorn.conf.py (docs/DEPLOY.md). Every
private page is measured on a realistically filled case (bench/filled.py), the per-record
growth on a small and a large case, and the site is probed while slow clients download and
upload (bench/slow_clients.py). The results are printed and written to docs/PERFORMANCE.md;
the raw numbers go to bench/results/. Exit 0 when the run completed (missed targets are reported,
not fatal), 1 when a save was lost or the server answered 5xx, 2 when the harness broke.

Environment: BENCH_LOAD_SECONDS (60), BENCH_USERS (50), BENCH_WRK_SECONDS (10),
BENCH_WRK_ROUNDS (3), BENCH_WRK_PRIVATE_SECONDS (3, each private page's wrk run),
BENCH_SLOW_CLIENTS (3), BENCH_WORKERS (3), BENCH_DATABASES (sqlite,postgresql),
BENCH_LIGHTHOUSE (1), BENCH_LIGHTHOUSE_RUNS (3),
BENCH_PG_ADMIN_URL (postgres://postgres@127.0.0.1:5432/postgres).
BENCH_QUICK=1 is a trial run (10 s of load, one 3 s wrk round and 2 s for each private page,
fewer in-process repetitions for the growth table, one Lighthouse run) whose report goes to
bench/results/<time>/PERFORMANCE.md only, leaving docs/PERFORMANCE.md alone.
"""

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

import django
import lighthouse
import requests
import server
import slow_clients
import throughput
import wizard
from report import write_report
from weight import page_weight

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GUIDE_PART = "/guide/refundable/"
# Every private page, on the filled case ({case} is its id); /cases/ lists the owner's cases.
PRIVATE_PAGES = {
    "cases": "/cases/",
    "overview": "/cases/{case}/",
    "check": "/cases/{case}/check/",
    "eligibility": "/cases/{case}/eligibility/",
    "evidence": "/cases/{case}/evidence/",
    "negotiation": "/cases/{case}/negotiation/",
    "appeal": "/cases/{case}/appeal/",
    "escalation": "/cases/{case}/escalation/",
    "appeal print": "/cases/{case}/appeal/print/",
}
# The pages whose cost grows with a case's records: the small case against the large one.
GROWTH_PAGES = ("overview", "check", "evidence", "negotiation", "appeal", "escalation")


QUICK = os.environ.get("BENCH_QUICK", "") not in {"", "0", "no"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


CONFIG = {
    "quick": QUICK,
    "load_seconds": env_int("BENCH_LOAD_SECONDS", 10 if QUICK else 60),
    "users": env_int("BENCH_USERS", 50),
    "wrk_seconds": env_int("BENCH_WRK_SECONDS", 3 if QUICK else 10),
    "wrk_rounds": env_int("BENCH_WRK_ROUNDS", 1 if QUICK else 3),
    # Nine private pages: shorter runs than the headline rows, in as many interleaved rounds.
    "wrk_private_seconds": env_int("BENCH_WRK_PRIVATE_SECONDS", 2 if QUICK else 3),
    # bench/cost.py for the growth table: rounds × requests per round for each page.
    "growth_rounds": (5, 5) if QUICK else (9, 10),
    "slow_clients": env_int("BENCH_SLOW_CLIENTS", slow_clients.CLIENTS),
    "wrk_threads": 2,
    "wrk_connections": 16,
    "workers": env_int("BENCH_WORKERS", 3),
    "databases": [
        name.strip()
        for name in os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
        if name.strip()
    ],
    "lighthouse": os.environ.get("BENCH_LIGHTHOUSE", "1") not in {"0", "", "no"},
    "lighthouse_runs": env_int("BENCH_LIGHTHOUSE_RUNS", 1 if QUICK else 3),
}


def say(message: str) -> None:
    print(message, flush=True)


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    info = {
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": _version([sys.executable, "-m", "gunicorn", "--version"]),
        "wrk": _safe(throughput.wrk_version),
        "sqlite": _sqlite_version(),
        "postgresql": _safe(server.pg_version),
        "chromium": _version([_safe(lighthouse.chrome_path), "--version"]),
        "load average at start (1/5/15 min)": _load_average(),
    }
    return info


def _load_average() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def _safe(function) -> str:
    try:
        return function()
    except Exception as error:
        return f"unavailable ({error})"


def _version(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=30)
        return (result.stdout or result.stderr).strip().splitlines()[0]
    except Exception as error:
        return f"unavailable ({error})"


def _sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


def guide_part_url(base_url: str) -> str:
    """Return the guide part to measure: /guide/refundable/, else the first part listed."""
    if requests.get(base_url + GUIDE_PART, timeout=10).status_code == 200:
        return GUIDE_PART
    contents = requests.get(base_url + "/guide/", timeout=10).text
    match = re.search(r'href="(/guide/[\w-]+/)"', contents)
    return match.group(1) if match else "/guide/"


def session_cookie(session: requests.Session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


# A measured page: name → (path, cookie, body). With a body, each request POSTs it.
Pages = dict[str, tuple[str, str, str]]


def measure_throughput(base_url: str, pages: Pages, seconds: int | None = None) -> dict:
    """Measure the URLs in interleaved rounds, so a busy neighbour slows them all alike.

    Every page but healthz gets its ratio to healthz, overall and per round.
    """
    seconds = seconds or CONFIG["wrk_seconds"]
    for path, cookie, body in pages.values():
        # A short unrecorded run first, so each URL is measured warm.
        throughput.wrk(base_url + path, seconds=min(2, seconds), cookie=cookie, body=body)
    rounds: dict[str, list[dict]] = {name: [] for name in pages}
    for number in range(CONFIG["wrk_rounds"]):
        for name, (path, cookie, body) in pages.items():
            rounds[name].append(
                throughput.wrk(
                    base_url + path,
                    seconds=seconds,
                    threads=CONFIG["wrk_threads"],
                    connections=CONFIG["wrk_connections"],
                    cookie=cookie,
                    body=body,
                )
            )
        say(
            f"    round {number + 1}: "
            + ", ".join(f"{name} {rounds[name][-1]['rps']:.0f}" for name in pages)
            + " req/s"
        )
    results = {name: throughput.combine(runs) for name, runs in rounds.items()}
    for name, (path, _, _) in pages.items():
        results[name]["path"] = path
        say(f"    {name:12} {path:52} {results[name]['rps']:8.1f} req/s")
    for name in pages:
        if name != "healthz":
            results[name]["ratio"] = results[name]["rps"] / results["healthz"]["rps"]
            per_round = [
                page["rps"] / healthz["rps"]
                for page, healthz in zip(rounds[name], rounds["healthz"], strict=True)
            ]
            results[name]["ratio_range"] = (min(per_round), max(per_round))
    return results


def measure_cost(env: dict, pages: Pages, *options: str) -> dict:
    """Return each page's in-process cost (ms per request, SQL queries, bytes), from
    bench/cost.py; options go to it (--gzip, --rounds N, --per-round N)."""
    costs = _run_script(env, "cost.py", json.dumps(pages), *options)
    for name, cost in costs.items():
        say(
            f"    {name:18} {cost['ms']:6.2f} ms per request in-process, {cost['queries']} SQL, "
            f"{cost['bytes'] / 1000:.1f} kB"
        )
    return costs


def filled_cases(env: dict) -> dict:
    """Return the buyer and case ids bench/filled.py makes (filled, small, large)."""
    return _run_script(env, "filled.py")


def _run_script(env: dict, script: str, *args: str) -> dict:
    """Run a bench script with the server's environment; return the JSON it prints last."""
    done = subprocess.run(
        [sys.executable, str(HERE / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{script} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def sign_in(base_url: str, username: str, password: str) -> requests.Session:
    """Return a session signed in through the login form, as the owner would."""
    session = requests.Session()
    page = session.get(f"{base_url}/accounts/login/", timeout=wizard.TIMEOUT)
    page.raise_for_status()
    answer = session.post(
        f"{base_url}/accounts/login/",
        data={
            "csrfmiddlewaretoken": wizard.csrf_token(page.text),
            "username": username,
            "password": password,
        },
        allow_redirects=False,
        timeout=wizard.TIMEOUT,
    )
    if answer.status_code != 302 or "sessionid" not in session.cookies:
        raise wizard.Unexpected(f"signing in answered {answer.status_code}")
    return session


def measure_growth(env: dict, cookie: str, cases: dict) -> dict:
    """Return each growth page's in-process cost and gzipped bytes, small case against large."""
    pages: Pages = {
        f"{page} {size}": (PRIVATE_PAGES[page].format(case=cases[size]), cookie, "")
        for page in GROWTH_PAGES
        for size in ("small", "large")
    }
    rounds, per_round = CONFIG["growth_rounds"]
    costs = measure_cost(
        env, pages, "--gzip", "--rounds", str(rounds), "--per-round", str(per_round)
    )
    growth = {}
    for page in GROWTH_PAGES:
        small, large = costs[f"{page} small"], costs[f"{page} large"]
        growth[page] = {
            "small": small,
            "large": large,
            "ms_ratio": large["ms"] / small["ms"] if small["ms"] else float("nan"),
            "bytes_ratio": large["bytes"] / small["bytes"] if small["bytes"] else float("nan"),
        }
    return growth


def print_slow(row: dict) -> None:
    probes = row["probes"]
    say(
        f"    downloads complete {row['downloads']['ok']}/{row['clients']} "
        f"({row['downloads']['seconds']} s), uploads saved {row['uploads']['ok']}/"
        f"{row['clients']} ({row['uploads']['seconds']} s); "
        + "; ".join(
            f"{name} p50 {probe['p50_ms']} ms p99 {probe['p99_ms']} ms, "
            f"{probe['failures']} of {probe['count']} failed"
            for name, probe in probes.items()
        )
    )
    for sample in (
        row["downloads"]["errors"]
        + row["uploads"]["errors"]
        + [f for probe in probes.values() for f in probe["failure_samples"]]
    ):
        say(f"      ! {sample}")


def measure_load(gunicorn: server.Gunicorn, env: dict, out_dir: Path, *, kill: bool) -> dict:
    killed: dict = {}

    def kill_worker() -> None:
        killed["before"] = gunicorn.worker_pids()
        killed["at"] = time.monotonic()
        killed["pid"] = gunicorn.kill_one_worker()
        say(f"    SIGKILL worker {killed['pid']} at t={CONFIG['load_seconds'] / 2:.0f}s")

    result = wizard.run_load(
        gunicorn.base_url,
        users=CONFIG["users"],
        seconds=CONFIG["load_seconds"],
        kill=kill_worker if kill else None,
    )
    label = "kill" if kill else "steady"
    acks_path = out_dir / f"acks-{label}.json"
    acks_path.write_text(json.dumps(result.acks))
    verified = subprocess.run(
        [sys.executable, str(HERE / "verify.py"), str(acks_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if verified.returncode != 0:
        raise RuntimeError(f"verify.py failed:\n{verified.stderr[-2000:]}")
    check = json.loads(verified.stdout.strip().splitlines()[-1])

    # A connection dropped within a few seconds of the SIGKILL was on the killed worker.
    window = (killed.get("at", 0) - 1, killed.get("at", 0) + 5)
    killed_errors = [e for t, e in result.connection_errors if kill and window[0] <= t <= window[1]]
    stray_errors = [e for t, e in result.connection_errors if e not in killed_errors]
    respawned = None
    if kill:
        time.sleep(2)
        after = gunicorn.worker_pids()
        respawned = len(after) == CONFIG["workers"] and killed["pid"] not in after
    by_kind: dict[str, int] = {}
    for ack in result.acks:
        by_kind[ack["kind"]] = by_kind.get(ack["kind"], 0) + 1
    return {
        "users": CONFIG["users"],
        "seconds": round(result.seconds, 1),
        "requests": result.request_count,
        "requests_per_second": round(result.request_count / result.seconds, 1),
        "cases": by_kind.get("case", 0),
        "acks_by_kind": by_kind,
        "acknowledged": check["checked"],
        "found": check["found"],
        "missing": check["missing"],
        "orphan_files": check["orphan_files"],
        "server_errors": len(result.server_errors),
        "server_error_samples": result.server_errors[:5],
        "statuses": {str(k): v for k, v in sorted(result.statuses.items())},
        "killed_worker_errors": len(killed_errors),
        "connection_errors": len(stray_errors),
        "other_errors": len(result.other_errors),
        "error_samples": (stray_errors + result.other_errors)[:5],
        "killed_pid": killed.get("pid"),
        "respawned": respawned,
    }


def print_load(label: str, load: dict) -> None:
    say(
        f"    {label}: {load['requests']} requests ({load['requests_per_second']}/s), "
        f"{load['cases']} cases; acknowledged saves {load['acknowledged']}, "
        f"found {load['found']}; 5xx {load['server_errors']}; "
        f"connection errors (killed worker) {load['killed_worker_errors']}; "
        f"other errors {load['connection_errors'] + load['other_errors']}"
    )
    for sample in load["server_error_samples"] + load["error_samples"]:
        say(f"      ! {sample}")


def measure_pages(base_url: str, guide_path: str, stage_path: str, cookie: str, out_dir: Path):
    # The appeal pack (issue 14): the page a buyer on a phone files from, thumbnails and all.
    appeal_path = stage_path.replace("/eligibility/", "/appeal/")
    weights = {}
    for name, path, page_cookie in (
        ("home", "/", ""),
        ("guide part", guide_path, ""),
        ("stage page", stage_path, cookie),
        ("appeal pack", appeal_path, cookie),
    ):
        weights[name] = page_weight(base_url + path, page_cookie)
        say(f"    weight {name:11} {weights[name]['total'] / 1000:6.1f} kB")
    scores: dict = {"pages": {}}
    if not CONFIG["lighthouse"]:
        scores["error"] = "skipped (BENCH_LIGHTHOUSE=0)"
        return weights, scores
    try:
        scores["version"] = lighthouse.ensure_installed()
        lighthouse.chrome_path()
    except lighthouse.LighthouseUnavailable as error:
        scores["error"] = str(error)
        say(f"    Lighthouse cannot run: {error}")
        return weights, scores
    # Case pages are private and say noindex on purpose, which fails Lighthouse's
    # is-crawlable audit; they are judged without it (the raw score is reported too).
    pages = (
        ("home", "/", "", ()),
        ("guide part", guide_path, "", ()),
        ("stage page", stage_path, cookie, ("is-crawlable",)),
        ("appeal pack", appeal_path, cookie, ("is-crawlable",)),
    )
    for name, path, page_cookie, exempt in pages:
        try:
            slug = name.replace(" ", "-")
            # Lighthouse varies from run to run: keep the run with the median performance.
            runs = sorted(
                (
                    _audit_retrying(
                        base_url + path, out_dir, f"{slug}-{number + 1}", page_cookie, exempt
                    )
                    for number in range(CONFIG["lighthouse_runs"])
                ),
                key=lambda run: run["judged"]["performance"],
            )
            scores["pages"][name] = runs[len(runs) // 2]
            scores["pages"][name]["performance_runs"] = [
                run["judged"]["performance"] for run in runs
            ]
            scores["pages"][name]["path"] = path
            page_scores = scores["pages"][name]
            note = ""
            if page_scores["judged"] != page_scores["scores"]:
                note = f" (without {', '.join(exempt)}: {page_scores['judged']})"
            say(f"    lighthouse {name:10} {page_scores['scores']}{note}")
        except Exception as error:
            scores["pages"][name] = {"path": path, "error": str(error)[:500]}
            say(f"    lighthouse {name}: could not run: {error}")
    return weights, scores


def _audit_retrying(*args, attempts: int = 3) -> dict:
    """Run one Lighthouse audit, again if Chromium failed to record it (NO_NAVSTART …).

    Those runtime errors come from the headless browser on a busy machine, not from the
    page; a page that really fails keeps failing and the last error is reported.
    """
    for attempt in range(1, attempts + 1):
        try:
            return lighthouse.audit(*args)
        except RuntimeError as error:
            if attempt == attempts:
                raise
            say(f"    lighthouse run failed ({str(error)[:120]}…), trying again")
    raise AssertionError("unreachable")


def bench_database(name: str, tmp: Path, static_root: Path, out_dir: Path, pages: bool) -> dict:
    say(f"\n== {name} ==")
    if name == "sqlite":
        database_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    elif name == "postgresql":
        database_url = server.pg_recreate()
    else:
        raise ValueError(f"unknown database {name}")
    media_root = tmp / f"media-{name}"
    env = server.production_env(
        database_url=database_url, media_root=media_root, static_root=static_root
    )
    result: dict = {
        "database_url": database_url.split("@")[-1],
        "session_cache": env["DJANGO_SESSION_CACHE"],
        "errors": [],
    }
    log_path = out_dir / f"gunicorn-{name}.log"
    gunicorn = server.Gunicorn(env=env, workers=CONFIG["workers"], log_path=log_path)
    try:
        say("  migrate")
        server.manage(env, "migrate", "--noinput")
        server.manage(env, "createcachetable")
        result["server"] = gunicorn.settings()
        say(
            f"  gunicorn ({server.GUNICORN_CONFIG.name}): {result['server']['workers']} "
            f"{result['server']['worker_class']} workers × {result['server']['threads']} "
            f"threads, on {gunicorn.base_url}"
        )
        gunicorn.start()
        base_url = gunicorn.base_url
        guide_path = guide_part_url(base_url)
        owner, stage_url = wizard.stage_page_session(base_url)
        stage_path = stage_url.removeprefix(base_url)
        tone_path, tone_body = wizard.tone_check_request(owner, stage_url)
        cookie = session_cookie(owner)
        result["paths"] = {"guide": guide_path, "stage": stage_path, "tone": tone_path}

        measured_pages = {
            "healthz": ("/healthz", "", ""),
            "guide": (guide_path, "", ""),
            "stage": (stage_path, cookie, ""),
            # The live tone check of the longest message the form takes (a POST).
            "tone": (tone_path, cookie, tone_body),
        }
        say(
            f"  throughput: wrk -t2 -c16 -d{CONFIG['wrk_seconds']}s, "
            f"{CONFIG['wrk_rounds']} interleaved rounds"
        )
        result["throughput"] = measure_throughput(base_url, measured_pages)

        say("  a filled case, and a small and a large one (bench/filled.py)")
        filled = filled_cases(env)
        filled_cookie = session_cookie(sign_in(base_url, filled["username"], filled["password"]))
        private_pages: Pages = {"healthz": ("/healthz", "", "")} | {
            name: (path.format(case=filled["cases"]["filled"]), filled_cookie, "")
            for name, path in PRIVATE_PAGES.items()
        }
        say(
            f"  every private page: wrk -t2 -c16 -d{CONFIG['wrk_private_seconds']}s, "
            f"{CONFIG['wrk_rounds']} interleaved rounds with healthz"
        )
        result["private"] = measure_throughput(
            base_url, private_pages, CONFIG["wrk_private_seconds"]
        )
        say("  cost of one request inside Django (no server, no network)")
        result["cost"] = measure_cost(env, measured_pages | private_pages)
        say("  per-record growth: the small case against the large one, gzipped, in-process")
        result["growth"] = measure_growth(env, filled_cookie, filled["cases"])
        say(
            f"  slow clients: {CONFIG['slow_clients']} slow downloads and "
            f"{CONFIG['slow_clients']} slow uploads while /healthz and the stage page are timed"
        )
        result["slow_clients"] = slow_clients.measure(
            base_url, stage_path, cookie, CONFIG["slow_clients"]
        )
        print_slow(result["slow_clients"])
        say(f"  load: {CONFIG['users']} users for {CONFIG['load_seconds']}s")
        result["load"] = measure_load(gunicorn, env, out_dir, kill=False)
        print_load("steady", result["load"])
        say(f"  load with one worker SIGKILLed halfway, {CONFIG['load_seconds']}s")
        result["load_kill"] = measure_load(gunicorn, env, out_dir, kill=True)
        print_load("killed", result["load_kill"])
        if result["load_kill"]["respawned"] is False:
            result["errors"].append("gunicorn did not respawn the killed worker")
        if pages:
            say("  page weight and Lighthouse")
            result["weights"], result["lighthouse"] = measure_pages(
                base_url, guide_path, stage_path, cookie, out_dir
            )
    finally:
        gunicorn.stop()
        if name == "postgresql":
            server.pg_drop()
        server.session_cache()  # empties the bench's sessions out of Redis
    return result


def main() -> int:
    started = datetime.now(UTC)
    out_dir = HERE / "results" / started.strftime("%Y%m%dT%H%M%SZ")
    out_dir.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "command": "make bench",
        "started": started.isoformat(timespec="seconds"),
        "config": CONFIG,
        "machine": machine(),
        "databases": {},
        "harness_errors": [],
    }
    say(f"卡盟退款指南 bench — results in {out_dir.relative_to(ROOT)}")
    for key, value in results["machine"].items():
        say(f"  {key}: {value}")
    tmp = Path(tempfile.mkdtemp(prefix="kameng-bench-"))
    try:
        static_root = tmp / "static"
        say("collectstatic (WhiteNoise manifest + compression)")
        server.manage(
            server.production_env(
                database_url=f"sqlite:///{tmp / 'collect.sqlite3'}",
                media_root=tmp / "media",
                static_root=static_root,
            ),
            "collectstatic",
            "--noinput",
        )
        for index, name in enumerate(CONFIG["databases"]):
            try:
                results["databases"][name] = bench_database(
                    name, tmp, static_root, out_dir, pages=index == 0
                )
            except Exception as error:
                traceback.print_exc()
                results["harness_errors"].append(f"{name}: {error!r}"[:1000])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results["seconds"] = round((datetime.now(UTC) - started).total_seconds())
    results["machine"]["load average at end (1/5/15 min)"] = _load_average()
    (out_dir / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    report_path = out_dir / "PERFORMANCE.md" if QUICK else ROOT / "docs" / "PERFORMANCE.md"
    explanations = HERE / "explanations.md"
    summary = write_report(
        results, report_path, explanations.read_text() if explanations.exists() else ""
    )
    say("\n" + summary)
    say(f"report written to {report_path.relative_to(ROOT)}")
    lost = any(
        run[key]["found"] != run[key]["acknowledged"] or run[key]["server_errors"]
        for run in results["databases"].values()
        for key in ("load", "load_kill")
        if key in run
    )
    broken = results["harness_errors"] or any(
        run["errors"] for run in results["databases"].values()
    )
    if lost:
        say("FAIL: a save was lost or the server answered 5xx")
        return 1
    if broken:
        say("FAIL: the harness did not complete")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
