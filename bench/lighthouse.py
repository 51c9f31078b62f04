"""Lighthouse 12 (mobile) scores, through a local npm install and Debian's Chromium."""

import json
import os
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
NODE_PREFIX = HERE / "node"
LIGHTHOUSE = NODE_PREFIX / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


class LighthouseUnavailable(Exception):
    """Lighthouse or a browser for it is missing and cannot be installed here."""


def chrome_path() -> str:
    for candidate in (os.environ.get("CHROME_PATH"), "/usr/bin/chromium", "chromium"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    raise LighthouseUnavailable("no Chromium found (apt install chromium, or set CHROME_PATH)")


def ensure_installed() -> str:
    """Install Lighthouse 12 into bench/node once; return its version."""
    if not LIGHTHOUSE.exists():
        npm = shutil.which("npm")
        if not npm:
            raise LighthouseUnavailable("npm is not installed")
        result = subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(NODE_PREFIX),
                "--no-audit",
                "--no-fund",
                "lighthouse@12",
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0 or not LIGHTHOUSE.exists():
            raise LighthouseUnavailable(f"npm install lighthouse@12 failed: {result.stderr[-500:]}")
    result = subprocess.run(
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, timeout=60
    )
    return result.stdout.strip()


def audit(
    url: str, out_dir: Path, name: str, cookie: str = "", exempt: tuple[str, ...] = ()
) -> dict:
    """Run Lighthouse (mobile, its default) on one URL; return scores 0–100 and failed audits.

    `exempt` names audits the page fails on purpose (a private page's noindex fails
    `is-crawlable`): `judged` holds the scores recomputed without them, Lighthouse's own
    way (the weighted mean of the scored audits), and the raw scores stay in `scores`.
    """
    out = out_dir / f"lighthouse-{name}.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": chrome_path()}
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse exited {result.returncode}: {result.stderr[-800:]}")
    report = json.loads(out.read_text())
    scores = {
        category: round((report["categories"][category]["score"] or 0) * 100)
        for category in CATEGORIES
    }
    judged = {
        category: _score_without(report, category, exempt) if exempt else scores[category]
        for category in CATEGORIES
    }
    failed = {}
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit_result = report["audits"][ref["id"]]
            score = audit_result.get("score")
            if ref.get("weight") and score is not None and score < 0.9:
                failed.setdefault(category, []).append(f"{ref['id']} ({round(score * 100)})")
    metrics = {
        key: report["audits"][key].get("displayValue", "")
        for key in (
            "first-contentful-paint",
            "largest-contentful-paint",
            "total-blocking-time",
            "cumulative-layout-shift",
            "speed-index",
        )
        if key in report["audits"]
    }
    return {
        "scores": scores,
        "judged": judged,
        "exempt": list(exempt),
        "failed": failed,
        "metrics": metrics,
        "report": str(out),
    }


def _score_without(report: dict, category: str, exempt: tuple[str, ...]) -> int:
    """Return the category's score (0–100) as Lighthouse computes it, leaving out `exempt`."""
    scored = [
        (ref["weight"], report["audits"][ref["id"]]["score"])
        for ref in report["categories"][category]["auditRefs"]
        if ref.get("weight")
        and ref["id"] not in exempt
        and report["audits"][ref["id"]].get("score") is not None
    ]
    total = sum(weight for weight, _ in scored)
    if not total:
        return round((report["categories"][category]["score"] or 0) * 100)
    return round(sum(weight * score for weight, score in scored) / total * 100)
