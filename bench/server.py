"""Databases and a production-mode gunicorn for the benchmark."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_BENCH_DB = "kameng_bench"
# The production settings of gunicorn, as docs/DEPLOY.md runs it: the bench only moves the
# address to a free port (and may change the number of workers).
GUNICORN_CONFIG = ROOT / "gunicorn.conf.py"


def free_port() -> int:
    """Return a loopback port nobody is listening on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_url(database: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + database


def pg_recreate(database: str = PG_BENCH_DB) -> str:
    """Drop and create the benchmark database; return its DATABASE_URL."""
    pg_drop(database)
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    return pg_url(database)


def pg_drop(database: str = PG_BENCH_DB) -> None:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def pg_version() -> str:
    with psycopg.connect(PG_ADMIN_URL) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


# Sessions through Redis as production runs them when it has one (DJANGO_SESSION_CACHE,
# docs/DEPLOY.md); a database of its own, emptied before and after each server.
SESSION_CACHE_URL = os.environ.get("BENCH_SESSION_CACHE", "redis://127.0.0.1:6379/15")


def session_cache() -> str:
    """Return the session cache's URL, emptied, or "" when no Redis answers there."""
    if not SESSION_CACHE_URL:
        return ""
    import redis

    try:
        redis.Redis.from_url(SESSION_CACHE_URL, socket_connect_timeout=1).flushdb()
    except redis.RedisError:
        return ""
    return SESSION_CACHE_URL


def production_env(*, database_url: str, media_root: Path, static_root: Path) -> dict[str, str]:
    """Return the environment of a production-mode site answering plain HTTP on loopback."""
    env = dict(os.environ)
    for name in ("DJANGO_TESTING", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    env.update(
        {
            # Present but empty: DEBUG off, as in production.
            "DJANGO_DEBUG": "",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_INSECURE_HTTP": "1",
            "DATABASE_URL": database_url,
            "DJANGO_MEDIA_ROOT": str(media_root),
            "DJANGO_STATIC_ROOT": str(static_root),
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SESSION_CACHE": session_cache(),
            # Every simulated visitor comes from 127.0.0.1 and works far faster than a person:
            # the hourly limits (docs/DEPLOY.md, "Quotas") still count every request, in the
            # database as in production, but never refuse one.
            **{name: "1000000" for name in UNCAPPED_RATES},
        }
    )
    return env


UNCAPPED_RATES = (
    "QUOTA_CASES_PER_HOUR",
    "QUOTA_CASES_PER_HOUR_ANON",
    "QUOTA_CASES_PER_HOUR_PER_IP",
    "QUOTA_UPLOADS_PER_HOUR",
    "QUOTA_UPLOADS_PER_HOUR_ANON",
    "QUOTA_UPLOADS_PER_HOUR_PER_IP",
    "QUOTA_UPLOAD_MB_PER_HOUR_PER_IP",
    "QUOTA_SIGNUPS_PER_HOUR_PER_IP",
)


def manage(env: dict[str, str], *args: str, timeout: int = 300) -> str:
    """Run a manage.py command; raise with its output if it fails."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


@dataclass
class Gunicorn:
    """A gunicorn master started with the repository's gunicorn.conf.py, then stopped."""

    env: dict[str, str]
    workers: int
    log_path: Path
    port: int = field(default_factory=free_port)
    # More command-line options, which win over the file (a manual experiment's
    # `--worker-class sync`, say); the bench itself passes none.
    options: list[str] = field(default_factory=list)
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                # `python -m`, not the venv's gunicorn script: a copied or moved .venv keeps
                # scripts whose #! line points at the old place.
                PYTHON,
                "-m",
                "gunicorn",
                "--config",
                str(GUNICORN_CONFIG),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--error-logfile",
                "-",
                *self.options,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=2) as response:
                    if response.status == 200 and len(self.worker_pids()) >= self.workers:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout}s")

    def worker_pids(self) -> list[int]:
        """Return the pids of the master's worker processes."""
        if self.process is None:
            return []
        try:
            return [child.pid for child in psutil.Process(self.process.pid).children()]
        except psutil.NoSuchProcess:
            return []

    def kill_one_worker(self) -> int:
        """SIGKILL one worker, as a crash or the OOM killer would; return its pid."""
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def settings(self) -> dict[str, str]:
        """Return what gunicorn runs with (the file, then the options), by its --print-config."""
        printed = subprocess.run(
            [
                *(PYTHON, "-m", "gunicorn", "--config", str(GUNICORN_CONFIG), "--print-config"),
                *("--workers", str(self.workers), *self.options),
            ],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
        values = dict(
            (part.strip() for part in line.split("=", 1))
            for line in printed.splitlines()
            if "=" in line
        )
        return {
            name: values.get(name, "?")
            for name in ("workers", "worker_class", "threads", "timeout", "keepalive")
        }

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
