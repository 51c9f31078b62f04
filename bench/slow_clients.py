"""Slow clients: N slow downloads and N slow uploads in flight while the site is probed.

One buyer (signed up over HTTP) has a case of about 31 MB of evidence files, uploaded at
full speed through the normal upload form, and N more empty cases. Then, all at once:

- N clients download the first case's export (`GET /cases/<id>/export/`, a streamed ZIP)
  and read it at DOWNLOAD_RATE bytes a second, with a small socket receive buffer, as a
  phone on a slow line would; each must receive the whole ZIP, every entry's CRC intact;
- N clients upload a few-MB photo as an evidence item, each to a case of its own, sending
  the request body in small pieces over UPLOAD_SECONDS; each must get the redirect a saved
  upload gets (post/redirect/get);
- meanwhile `/healthz` and a stage page are requested one after another, each on a new
  connection, until every slow client is done: their latency (p50/p99) and failures (an
  error, a non-200 answer or no answer within PROBE_TIMEOUT) are what this measures.

Target: `/healthz` p99 under 100 ms, and no request fails — probe, download or upload.
"""

import io
import os
import socket
import statistics
import struct
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
import wizard

CLIENTS = 3
EXPORT_FILES = 3
EXPORT_FILE_BYTES = 10_300_000  # three of them: a 31 MB export, under the 20 MB file limit
DOWNLOAD_RATE = 3_000_000  # bytes a second
UPLOAD_BYTES = 3_000_000
UPLOAD_SECONDS = 12.0
RECEIVE_BUFFER = 64 * 1024
PROBE_TIMEOUT = 5.0  # a load balancer's health check gives up sooner
PROBE_PAUSE = 0.01
LONGEST_RUN = 180.0
HEALTHZ_P99_MS = 100.0


def png_of(size: int, note: str) -> bytes:
    """Return a valid PNG of about `size` bytes: a 1600 × 1200 header, random bytes in a
    private ancillary chunk (as a camera's metadata would be), a tiny image, the end."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1600, 1200, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * 4800 for _ in range(1200)))
    fixed = 8 + 12 * 5 + len(header) + len(pixels) + len(note) + 8
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Comment\x00" + note.encode())
        + chunk(b"bnCh", os.urandom(max(size - fixed, 0)))
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def upload_fields(html: str, description: str) -> dict[str, str]:
    return {
        "csrfmiddlewaretoken": wizard.csrf_token(html),
        "version": wizard.form_version(html),
        "kind": "other",
        "description": description,
        "occurred_at": "2025-03-01T10:31",
    }


@dataclass
class Setup:
    cookie: str
    export_path: str
    export_bytes: int
    # For each slow upload: the path it posts to and its form fields (CSRF token included).
    uploads: list[tuple[str, dict[str, str]]]


def prepare(base_url: str, clients: int = CLIENTS) -> Setup:
    """Sign up a buyer, fill one case with ~31 MB of evidence, and open one case per upload."""
    session = wizard.sign_up(base_url)
    export_case = wizard.create_case(session, base_url, "慢速下载 导出测试")
    evidence = f"/cases/{export_case}/evidence/"
    stored = 0
    for number in range(EXPORT_FILES):
        html = session.get(base_url + evidence, timeout=wizard.TIMEOUT).text
        picture = png_of(EXPORT_FILE_BYTES, f"export {number}")
        answer = session.post(
            f"{base_url}{evidence}add/",
            data=upload_fields(html, f"大文件 {number + 1}"),
            files={"file": (f"大图{number + 1}.png", picture, "image/png")},
            allow_redirects=False,
            timeout=120,
        )
        if answer.status_code != 302 or "#item-" not in answer.headers.get("Location", ""):
            raise wizard.Unexpected(f"uploading the export's file answered {answer.status_code}")
        stored += len(picture)
    uploads = []
    for number in range(clients):
        case_id = wizard.create_case(session, base_url, f"慢速上传 {number + 1}")
        html = session.get(f"{base_url}/cases/{case_id}/evidence/", timeout=wizard.TIMEOUT).text
        uploads.append(
            (f"/cases/{case_id}/evidence/add/", upload_fields(html, f"慢速上传 {number + 1}"))
        )
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    return Setup(cookie, f"/cases/{export_case}/export/", stored, uploads)


@dataclass
class Outcome:
    ok: bool = False
    seconds: float = 0.0
    received: int = 0
    error: str = ""


def _connect(base_url: str, receive_buffer: int | None = None) -> socket.socket:
    address = urlsplit(base_url)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if receive_buffer:
        # Set before connecting, so the window the server sees stays this small.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.settimeout(60)
    sock.connect((address.hostname, address.port))
    return sock


def _read_answer(sock: socket.socket, pace: float | None = None) -> tuple[bytes, bytes]:
    """Read an HTTP/1.0 answer to its end; with pace (bytes a second), no faster than that."""
    data = bytearray()
    start = time.monotonic()
    while chunk := sock.recv(RECEIVE_BUFFER):
        data += chunk
        if pace:
            ahead = len(data) / pace - (time.monotonic() - start)
            if ahead > 0:
                time.sleep(ahead)
    head, _, body = bytes(data).partition(b"\r\n\r\n")
    return head, body


def slow_download(base_url: str, setup: Setup, outcome: Outcome) -> None:
    start = time.monotonic()
    try:
        with _connect(base_url, RECEIVE_BUFFER) as sock:
            sock.sendall(
                f"GET {setup.export_path} HTTP/1.0\r\nHost: 127.0.0.1\r\n"
                f"Cookie: {setup.cookie}\r\n\r\n".encode()
            )
            head, body = _read_answer(sock, pace=DOWNLOAD_RATE)
        outcome.received = len(body)
        status = head.split(b"\r\n", 1)[0].decode(errors="replace")
        if " 200 " not in status:
            raise RuntimeError(f"the export answered {status!r}")
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            broken = archive.testzip()
            if broken is not None:
                raise RuntimeError(f"{broken} in the export is damaged")
            stored = sum(
                info.file_size for info in archive.infolist() if info.filename.endswith(".png")
            )
        if stored != setup.export_bytes:
            raise RuntimeError(
                f"the export holds {stored} bytes of files, not {setup.export_bytes}"
            )
        outcome.ok = True
    except Exception as error:  # reported, not raised: the run goes on
        outcome.error = f"{type(error).__name__}: {error}"[:300]
    finally:
        outcome.seconds = time.monotonic() - start


def slow_upload(base_url: str, setup: Setup, number: int, outcome: Outcome) -> None:
    path, fields = setup.uploads[number]
    boundary = f"----slowupload{number}{os.getpid()}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="slow{number}.png"\r\nContent-Type: image/png\r\n\r\n'.encode()
        + png_of(UPLOAD_BYTES, f"slow upload {number}")
        + f"\r\n--{boundary}--\r\n".encode()
    )
    body = b"".join(parts)
    head = (
        f"POST {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nCookie: {setup.cookie}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    start = time.monotonic()
    try:
        with _connect(base_url) as sock:
            sock.sendall(head)
            piece = 32 * 1024
            for offset in range(0, len(body), piece):
                sock.sendall(body[offset : offset + piece])
                due = (offset + piece) / len(body) * UPLOAD_SECONDS - (time.monotonic() - start)
                if due > 0:
                    time.sleep(due)
            answer, _ = _read_answer(sock)
        status = answer.split(b"\r\n", 1)[0].decode(errors="replace")
        location = next(
            (
                line.split(b":", 1)[1].strip().decode()
                for line in answer.split(b"\r\n")
                if line.lower().startswith(b"location:")
            ),
            "",
        )
        outcome.received = len(body)
        if " 302 " not in status or "#item-" not in location:
            raise RuntimeError(f"the upload answered {status!r} {location!r}")
        outcome.ok = True
    except Exception as error:
        outcome.error = f"{type(error).__name__}: {error}"[:300]
    finally:
        outcome.seconds = time.monotonic() - start


@dataclass
class Probes:
    started: float = field(default_factory=time.monotonic)
    latencies_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    # Answers slower than the target, with when they came (seconds into the run).
    slow: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        ordered = sorted(self.latencies_ms)

        def quantile(q: float) -> float:
            if not ordered:
                return float("nan")
            return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

        return {
            "count": len(ordered) + len(self.failures),
            "answered": len(ordered),
            "failures": len(self.failures),
            "failure_samples": self.failures[:5],
            "slow_samples": self.slow[:5],
            "p50_ms": round(statistics.median(ordered), 1) if ordered else float("nan"),
            "p99_ms": round(quantile(0.99), 1),
            "max_ms": round(ordered[-1], 1) if ordered else float("nan"),
        }


def _probe(url: str, cookie: str, probes: Probes) -> None:
    start = time.monotonic()
    at = f"at {start - probes.started:.1f} s"
    try:
        # A new connection each time, as a load balancer's health check opens one.
        answer = requests.get(
            url, headers={"Cookie": cookie} if cookie else {}, timeout=PROBE_TIMEOUT
        )
        elapsed = (time.monotonic() - start) * 1000
        if answer.status_code != 200:
            probes.failures.append(f"{answer.status_code} after {elapsed:.0f} ms {at}")
        else:
            probes.latencies_ms.append(elapsed)
            if elapsed >= HEALTHZ_P99_MS:
                probes.slow.append(f"{elapsed:.0f} ms {at}")
    except requests.RequestException as error:
        elapsed = time.monotonic() - start
        probes.failures.append(f"{type(error).__name__} after {elapsed:.1f} s {at}")


def measure(base_url: str, stage_path: str, stage_cookie: str, clients: int = CLIENTS) -> dict:
    """Run the slow clients and the probes; return what happened (see the module's text)."""
    setup = prepare(base_url, clients)
    downloads = [Outcome() for _ in range(clients)]
    uploads = [Outcome() for _ in range(clients)]
    threads = [
        threading.Thread(target=slow_download, args=(base_url, setup, outcome), daemon=True)
        for outcome in downloads
    ] + [
        threading.Thread(target=slow_upload, args=(base_url, setup, n, outcome), daemon=True)
        for n, outcome in enumerate(uploads)
    ]
    for thread in threads:
        thread.start()
    probes = {"healthz": Probes(), "stage": Probes()}
    # Every slow client connected and under way before the first probe.
    time.sleep(1.0)
    started = time.monotonic()
    while any(thread.is_alive() for thread in threads):
        if time.monotonic() - started > LONGEST_RUN:
            break
        _probe(base_url + "/healthz", "", probes["healthz"])
        _probe(base_url + stage_path, stage_cookie, probes["stage"])
        time.sleep(PROBE_PAUSE)
    probing = time.monotonic() - started
    for thread in threads:
        thread.join(timeout=5)

    def outcomes(items: list[Outcome]) -> dict:
        return {
            "ok": sum(item.ok for item in items),
            "seconds": [round(item.seconds, 1) for item in items],
            "bytes": [item.received for item in items],
            "errors": [item.error for item in items if item.error],
        }

    result = {
        "clients": clients,
        "export_bytes": setup.export_bytes,
        "download_rate": DOWNLOAD_RATE,
        "upload_bytes": UPLOAD_BYTES,
        "upload_seconds": UPLOAD_SECONDS,
        "probe_timeout": PROBE_TIMEOUT,
        "probing_seconds": round(probing, 1),
        "downloads": outcomes(downloads),
        "uploads": outcomes(uploads),
        "probes": {name: probe.summary() for name, probe in probes.items()},
        "stage_path": stage_path,
    }
    result["passed"] = passed(result)
    return result


def failed_requests(result: dict) -> int:
    return (
        result["clients"] * 2
        - result["downloads"]["ok"]
        - result["uploads"]["ok"]
        + sum(probe["failures"] for probe in result["probes"].values())
    )


def passed(result: dict) -> bool:
    return result["probes"]["healthz"]["p99_ms"] < HEALTHZ_P99_MS and failed_requests(result) == 0
