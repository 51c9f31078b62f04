"""Simulated people stepping through the wizard over HTTP, and the saves they were promised."""

import hashlib
import re
import secrets
import struct
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import requests

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_RE = re.compile(r'name="version" value="(\d+)"')
CASE_URL_RE = re.compile(r"^/cases/([0-9a-f-]{36})/eligibility/$")
TIMEOUT = 30
# The longest message the negotiation form takes (cases/forms/negotiation.py
# NEGOTIATION_TEXT_LIMIT), which is as far as the tone check ever reads: a threat in every
# clause, its worst case (issue 15).
TONE_MESSAGE = ("不退就差评，举报你，你等着。" * 200)[:2000]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class Unexpected(Exception):
    """The server answered, but not with what a working wizard answers."""


def csrf_token(html: str) -> str:
    match = CSRF_RE.search(html)
    if not match:
        raise Unexpected("no CSRF token in the page")
    return match.group(1)


def form_version(html: str) -> str:
    match = VERSION_RE.search(html)
    if not match:
        raise Unexpected("no version field in the page")
    return match.group(1)


def input_value(html: str, name: str) -> str:
    """Return the value the page pre-fills in the input called `name` (a person keeps it)."""
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0)) if tag else None
    if not value or not value.group(1):
        raise Unexpected(f"no pre-filled {name} in the page")
    return value.group(1)


def small_png(note: str) -> bytes:
    """Return a valid 8x8 PNG; the note (a tEXt chunk) makes every file's SHA-256 unique."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    pixels = b"".join(b"\x00" + b"\xd0\x40\x30" * 8 for _ in range(8))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Comment\x00" + note.encode())
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


def sign_up(base_url: str) -> requests.Session:
    """Return a session signed up as a new user over HTTP, as a person would."""
    session = requests.Session()
    page = session.get(f"{base_url}/accounts/signup/", timeout=TIMEOUT)
    page.raise_for_status()
    password = secrets.token_urlsafe(16)
    response = session.post(
        f"{base_url}/accounts/signup/",
        data={
            "csrfmiddlewaretoken": csrf_token(page.text),
            "username": f"bench_{secrets.token_hex(4)}",
            "email": "",
            "password1": password,
            "password2": password,
            "next": "",
        },
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    if response.status_code != 302 or "sessionid" not in session.cookies:
        raise Unexpected(f"sign-up answered {response.status_code}")
    return session


def create_case(session: requests.Session, base_url: str, product_name: str) -> str:
    """Start a case through /cases/new/ and return its id."""
    page = session.get(f"{base_url}/cases/new/", timeout=TIMEOUT)
    page.raise_for_status()
    response = session.post(
        f"{base_url}/cases/new/",
        data={
            "csrfmiddlewaretoken": csrf_token(page.text),
            "product_name": product_name,
            "platform_name": "压测卡盟",
            "stage": "",
        },
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    match = CASE_URL_RE.match(response.headers.get("Location", ""))
    if response.status_code != 302 or not match:
        raise Unexpected(f"/cases/new/ answered {response.status_code}")
    return match.group(1)


def eligibility_answers(token: str, amount: str) -> dict[str, Any]:
    return {
        "goods_kind": "game_card",
        "problems": ["late", "invalid_code"],
        "no_refund_notice": "no",
        "fraud_signs": "no",
        "payment_method": "platform",
        "amount": amount,
        "ordered_at": "2025-03-01T10:30",
        "promised_delivery": token,
    }


def stage_page_session(base_url: str) -> tuple[requests.Session, str]:
    """Return an owner's session and the URL of their filled-in eligibility page."""
    session = sign_up(base_url)
    case_id = create_case(session, base_url, "某游戏 100 元点卡")
    url = f"{base_url}/cases/{case_id}/eligibility/"
    page = session.get(url, timeout=TIMEOUT)
    page.raise_for_status()
    data = {"csrfmiddlewaretoken": csrf_token(page.text), "version": form_version(page.text)}
    data.update(eligibility_answers("1 小时内到账", "100.00"))
    response = session.post(url, data=data, allow_redirects=False, timeout=TIMEOUT)
    if response.status_code != 302:
        raise Unexpected(f"eligibility save answered {response.status_code}")
    return session, url


def tone_check_request(session: requests.Session, stage_url: str) -> tuple[str, str]:
    """Return the path and urlencoded form of a live tone check of the longest message."""
    case_id = stage_url.rstrip("/").split("/")[-2]
    page = session.get(stage_url.replace("/eligibility/", "/negotiation/"), timeout=TIMEOUT)
    page.raise_for_status()
    body = urlencode({"csrfmiddlewaretoken": csrf_token(page.text), "message": TONE_MESSAGE})
    path = f"/cases/{case_id}/negotiation/tone/"
    base_url = stage_url.split("/cases/", 1)[0]
    answer = session.post(base_url + path, data=body, headers=FORM, timeout=TIMEOUT)
    if answer.status_code != 200 or "像是在威胁商家" not in answer.text:
        raise Unexpected(f"the tone check answered {answer.status_code}")
    return path, body


@dataclass
class LoadResult:
    """What the simulated users saw, and every save the server acknowledged."""

    acks: list[dict[str, Any]] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    connection_errors: list[tuple[float, str]] = field(default_factory=list)
    other_errors: list[str] = field(default_factory=list)
    request_count: int = 0
    iterations: int = 0
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, response: requests.Response) -> None:
        with self.lock:
            self.request_count += 1
            self.statuses[response.status_code] += 1
            if response.status_code >= 500:
                self.server_errors.append(
                    f"{response.request.method} {response.url} → {response.status_code}"
                )

    def ack(self, **save: Any) -> None:
        with self.lock:
            self.acks.append(save)


class SimulatedUser(threading.Thread):
    """A visitor without an account: start a case, then save each stage, again and again."""

    def __init__(self, number: int, base_url: str, deadline: float, result: LoadResult):
        super().__init__(name=f"user-{number}", daemon=True)
        self.number = number
        self.base_url = base_url
        self.deadline = deadline
        self.result = result
        self.session = requests.Session()
        self.serial = 0

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            try:
                self.one_case()
                with self.result.lock:
                    self.result.iterations += 1
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as error:
                # The connection broke (a killed worker drops it mid-request or mid-response).
                with self.result.lock:
                    self.result.connection_errors.append((time.monotonic(), repr(error)[:200]))
            except (Unexpected, requests.RequestException) as error:
                with self.result.lock:
                    self.result.other_errors.append(f"{self.name}: {error!r}"[:300])
                time.sleep(0.2)

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response | None:
        if time.monotonic() >= self.deadline:
            return None
        response = self.session.request(
            method, self.base_url + path, allow_redirects=False, timeout=TIMEOUT, **kwargs
        )
        self.result.count(response)
        return response

    def _page(self, path: str) -> str | None:
        response = self._request("GET", path)
        if response is None:
            return None
        if response.status_code != 200:
            raise Unexpected(f"GET {path} answered {response.status_code}")
        return response.text

    def _save(self, path: str, redirect_to: str, **kwargs: Any) -> bool | None:
        """POST a form; True once the server acknowledged it by redirecting (post/redirect/get)."""
        response = self._request("POST", path, **kwargs)
        if response is None:
            return None
        # The redirect lands on what the save changed: a page's #fragment, or for a new piece
        # of evidence its own (#item-<id>, unknown beforehand: redirect_to ends with "#item-").
        location = response.headers.get("Location", "")
        landed = (
            location.startswith(redirect_to)
            if redirect_to.endswith("#item-")
            else location == redirect_to
        )
        if response.status_code != 302 or not landed:
            raise Unexpected(f"POST {path} answered {response.status_code}, not a redirect")
        return True

    def _read_back(self, path: str, token: str) -> str | None:
        html = self._page(path)
        if html is not None and token not in html:
            raise Unexpected(f"GET {path} after a save does not show the saved {token}")
        return html

    def one_case(self) -> None:
        self.serial += 1
        token = f"bench-{self.number}-{self.serial}-{secrets.token_hex(3)}"
        amount = f"{self.number + 1}.{self.serial % 100:02d}"

        html = self._page("/cases/new/")
        if html is None:
            return
        response = self._request(
            "POST",
            "/cases/new/",
            data={
                "csrfmiddlewaretoken": csrf_token(html),
                "product_name": token,
                "platform_name": "压测卡盟",
                "stage": "",
            },
        )
        if response is None:
            return
        match = CASE_URL_RE.match(response.headers.get("Location", ""))
        if response.status_code != 302 or not match:
            raise Unexpected(f"POST /cases/new/ answered {response.status_code}")
        case_id = match.group(1)
        self.result.ack(kind="case", case=case_id, product_name=token)

        eligibility = f"/cases/{case_id}/eligibility/"
        html = self._page(eligibility)
        if html is None:
            return
        data = {"csrfmiddlewaretoken": csrf_token(html), "version": form_version(html)}
        data.update(eligibility_answers(token, amount))
        if not self._save(eligibility, f"{eligibility}#verdict-title", data=data):
            return
        self.result.ack(kind="eligibility", case=case_id, promised_delivery=token, amount=amount)
        if self._read_back(eligibility, token) is None:
            return

        evidence = f"/cases/{case_id}/evidence/"
        html = self._page(evidence)
        if html is None:
            return
        order_number = f"NO{self.number:03d}{self.serial:05d}"
        data = {
            "csrfmiddlewaretoken": csrf_token(html),
            "version": form_version(html),
            "order_number": order_number,
            "product_name": token,
            "platform_name": "压测卡盟",
            "seller_id": f"seller-{self.number}",
            "amount": amount,
            "ordered_at": "2025-03-01T10:30",
        }
        if not self._save(evidence, f"{evidence}#meter-title", data=data):
            return
        self.result.ack(kind="transaction", case=case_id, order_number=order_number)
        html = self._read_back(evidence, order_number)
        if html is None:
            return

        png = small_png(token)
        description = f"订单截图 {token}"
        data = {
            "csrfmiddlewaretoken": csrf_token(html),
            "version": form_version(html),
            "kind": "transaction",
            "description": description,
            "occurred_at": "2025-03-01T10:31",
        }
        files = {"file": ("订单截图.png", png, "image/png")}
        if not self._save(
            f"/cases/{case_id}/evidence/add/", f"{evidence}#item-", data=data, files=files
        ):
            return
        sha256 = hashlib.sha256(png).hexdigest()
        self.result.ack(kind="evidence", case=case_id, description=description, sha256=sha256)
        if self._read_back(evidence, sha256) is None:
            return

        if not self.negotiation(case_id, token):
            return
        if not self.appeal(case_id, token):
            return
        self.escalation(case_id, token)

    def negotiation(self, case_id: str, token: str) -> bool:
        """Stage 3: build the message on a rule of one's own, then log it as sent."""
        page = f"/cases/{case_id}/negotiation/"
        html = self._page(page)
        if html is None:
            return False
        rule_name = f"规则 {token}"
        data = {
            "csrfmiddlewaretoken": csrf_token(html),
            "version": form_version(html),
            "rule": "custom",
            "rule_name": rule_name,
            "rule_promise": "无效商品须在 24 小时内退款",
            "deadline": input_value(html, "deadline"),
            "message": "",
            "action": "generate",
        }
        if not self._save(f"{page}message/", f"{page}#message-title", data=data):
            return False
        self.result.ack(kind="negotiation_message", case=case_id, rule_name=rule_name)
        html = self._read_back(page, rule_name)
        if html is None:
            return False

        message = f"您好，订单 {token} 的卡密无效，请在期限前退款。"
        data = {
            "csrfmiddlewaretoken": csrf_token(html),
            "sent-sent_at": input_value(html, "sent-sent_at"),
            "sent-deadline": input_value(html, "sent-deadline"),
            "sent-message": message,
        }
        if not self._save(f"{page}attempts/", f"{page}#log-title", data=data):
            return False
        self.result.ack(kind="negotiation", case=case_id, message=message)
        return self._read_back(page, message) is not None

    def appeal(self, case_id: str, token: str) -> bool:
        """Stage 4: log the appeal as submitted, with its statement and ticket number."""
        page = f"/cases/{case_id}/appeal/"
        html = self._page(page)
        if html is None:
            return False
        ticket = f"T{token}"
        statement = f"商家未按约定发货，申请平台介入退款。{token}"
        data = {
            "csrfmiddlewaretoken": csrf_token(html),
            "version": form_version(html),
            "statement": statement,
            "submitted_at": input_value(html, "submitted_at"),
            "ticket_number": ticket,
            "action": "save",
        }
        if not self._save(f"{page}record/", f"{page}#records-title", data=data):
            return False
        self.result.ack(kind="appeal", case=case_id, ticket_number=ticket, statement=statement)
        return self._read_back(page, ticket) is not None

    def escalation(self, case_id: str, token: str) -> bool:
        """Stage 5: save who complains about whom, then log a 12315 complaint."""
        page = f"/cases/{case_id}/escalation/"
        html = self._page(page)
        if html is None:
            return False
        name = f"张{token}"
        data = {
            "csrfmiddlewaretoken": csrf_token(html),
            "version": form_version(html),
            "complainant_name": name,
            "complainant_phone": "138 0000 0000",
            "complainant_address": "北京市海淀区某路 1 号",
            "respondent_name": "压测卡盟",
            "respondent_address": "",
            "complaint_request": "要求商家退还货款",
            "appeal_unreasonable": "no",
            "action": "save",
        }
        if not self._save(page, f"{page}#texts-title", data=data):
            return False
        self.result.ack(kind="escalation_details", case=case_id, complainant_name=name)
        html = self._read_back(page, name)
        if html is None:
            return False

        reference = f"R{token}"
        data = {
            "csrfmiddlewaretoken": csrf_token(html),
            "version": form_version(html),
            "channel": "12315",
            "filed_on": time.strftime("%Y-%m-%d", time.gmtime(time.time() - 86400)),
            "reference": reference,
            "outcome": "pending",
            "action": "save",
        }
        if not self._save(f"{page}records/add/", f"{page}#log-title", data=data):
            return False
        self.result.ack(kind="escalation", case=case_id, reference=reference)
        return self._read_back(page, reference) is not None


def run_load(base_url: str, *, users: int, seconds: float, kill=None) -> LoadResult:
    """Run the users for the given time; call kill() once, halfway through, if given."""
    result = LoadResult()
    start = time.monotonic()
    deadline = start + seconds
    threads = [SimulatedUser(n, base_url, deadline, result) for n in range(users)]
    for thread in threads:
        thread.start()
    if kill is not None:
        time.sleep(seconds / 2)
        kill()
    for thread in threads:
        thread.join(timeout=seconds + TIMEOUT * 3)
    result.seconds = time.monotonic() - start
    return result
