"""Requests per second with wrk, one URL at a time against the same server."""

import re
import shutil
import subprocess
import tempfile

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def wrk_path() -> str:
    path = shutil.which("wrk")
    if not path:
        raise RuntimeError("wrk is not installed (Debian: apt install wrk)")
    return path


def wrk_version() -> str:
    result = subprocess.run([wrk_path(), "-v"], capture_output=True, text=True)
    return (result.stdout + result.stderr).strip().splitlines()[0]


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")


def _post_script(body: str) -> str:
    """Return a wrk Lua script that POSTs body (urlencoded, so plain ASCII) as a form."""
    if "]]" in body:
        raise ValueError("the body must be urlencoded")
    return (
        'wrk.method = "POST"\n'
        f"wrk.body = [[{body}]]\n"
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
    )


def wrk(
    url: str,
    *,
    seconds: int,
    threads: int = 2,
    connections: int = 16,
    cookie: str = "",
    body: str = "",
) -> dict:
    """Run wrk against one URL; return requests/s, latency and any errors it saw.

    With a body, every request POSTs it as a urlencoded form.
    """
    command = [wrk_path(), f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if body:
            script.write(_post_script(body))
            script.flush()
            command += ["-s", script.name]
        result = subprocess.run(
            [*command, url], capture_output=True, text=True, timeout=seconds + 60
        )
    out = result.stdout
    if result.returncode != 0 or "Requests/sec" not in out:
        raise RuntimeError(f"wrk failed: {out}{result.stderr}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", out)
    p99 = re.search(r"99%\s+(\S+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "url": url,
        "rps": rps,
        "latency_avg_ms": _ms(latency.group(1)) if latency else float("nan"),
        "latency_p99_ms": _ms(p99.group(1)) if p99 else float("nan"),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
    }


def combine(runs: list[dict]) -> dict:
    """Return several wrk runs of one URL as one: total requests over total time."""
    requests = sum(run["requests"] for run in runs)
    seconds = sum(run["requests"] / run["rps"] for run in runs if run["rps"])
    return {
        "url": runs[0]["url"],
        "rps": requests / seconds if seconds else 0.0,
        "latency_avg_ms": sum(run["latency_avg_ms"] * run["requests"] for run in runs) / requests
        if requests
        else float("nan"),
        # The worst round's p99; a round whose output had no p99 line (NaN) does not count.
        "latency_p99_ms": max(
            (
                run["latency_p99_ms"]
                for run in runs
                if run["latency_p99_ms"] == run["latency_p99_ms"]
            ),
            default=float("nan"),
        ),
        "non_2xx": sum(run["non_2xx"] for run in runs),
        "socket_errors": "; ".join(run["socket_errors"] for run in runs if run["socket_errors"]),
        "requests": requests,
        "rounds": [round(run["rps"], 1) for run in runs],
    }
