"""The platform appeal package (DESIGN §3.4): its order, file names, cover and manifest.

Pure: plain data in, plain data out. No ORM, no request, no storage, so a table
of tests can pin the order a platform reads the package in and the names the
files get. Datetimes come in already in the buyer's local time.

Package order (FACTS part 4): order screenshot → problem description →
communication record → proof of failure, then anything else. Within a kind,
items go by when they happened, then by when the server received them.
"""

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cases.facts import EvidenceFacts

# Codes match cases.models.EvidenceKind, plus "statement" for the problem description.
STATEMENT = "statement"
SECTIONS = ("transaction", STATEMENT, "communication", "failure", "other")
SECTION_NAMES = {
    "transaction": "订单截图",
    STATEMENT: "问题描述",
    "communication": "沟通记录",
    "failure": "失效证明",
    "other": "其他",
}
SECTION_TITLES = {
    "transaction": "交易记录（订单截图）",
    STATEMENT: "问题描述",
    "communication": "沟通记录",
    "failure": "商品失效证明",
    "other": "其他材料",
}
# mime type -> extension, for the types cases.uploads accepts; anything else is .bin.
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/gif": "gif",
    "image/heic": "heic",
    "application/pdf": "pdf",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/webm": "webm",
    "text/plain": "txt",
}
# Images every browser shows inline; HEIC is an image most of them cannot draw.
STATEMENT_FILE = "问题描述.txt"
COVER_FILE = "申诉说明.txt"
MANIFEST_FILE = "manifest.json"

# Path separators, characters Windows refuses in names, and the rest of the usual suspects.
UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
NAME_PART_LIMIT = 40


@dataclass(frozen=True)
class PackageEntry:
    """One numbered file of the package: an evidence file, or the problem description."""

    number: int
    section: str
    name: str
    item: EvidenceFacts | None = None

    @property
    def kind_label(self) -> str:
        return SECTION_TITLES[self.section]


@dataclass(frozen=True)
class Section:
    """One part of the print page: its numbered files and the items without a file."""

    section: str
    title: str
    entries: tuple[PackageEntry, ...] = ()
    without_file: tuple[EvidenceFacts, ...] = ()


@dataclass(frozen=True)
class Written:
    """What the ZIP actually holds for an entry: its size and SHA-256, or nothing."""

    size: int
    sha256: str
    missing: bool = False


@dataclass(frozen=True)
class Package:
    entries: tuple[PackageEntry, ...]
    sections: tuple[Section, ...]
    statement: str
    description: str = field(default="")


def _order_key(item: EvidenceFacts) -> tuple:
    # Unknown times go after known ones; equal times keep the order they were added in.
    never = datetime.max
    occurred = item.occurred_at.replace(tzinfo=None) if item.occurred_at else never
    received = item.received_at.replace(tzinfo=None) if item.received_at else never
    created = item.created_at.replace(tzinfo=None) if item.created_at else never
    return (item.occurred_at is None, occurred, item.received_at is None, received, created)


def ordered_items(items: Iterable[EvidenceFacts]) -> list[EvidenceFacts]:
    """Return the items in package order: by section, then by time within a section."""
    section_of = {name: index for index, name in enumerate(SECTIONS)}
    return sorted(
        items, key=lambda item: (section_of.get(item.kind, len(SECTIONS)), _order_key(item))
    )


def safe_name_part(text: str, limit: int = NAME_PART_LIMIT) -> str:
    """Return text fit for a file name on any system: no separators or control characters."""
    text = unicodedata.normalize("NFC", text)
    # Printable text has no control or separator character but the plain space, which
    # stays a space: only other text is read character by character.
    if not text.isprintable():
        text = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in text)
    text = UNSAFE_IN_NAME.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip(" ._")
    return text[:limit].rstrip(" ._")


def entry_name(number: int, section: str, description: str = "", content_type: str = "") -> str:
    """Return a numbered file name such as 01-订单截图-订单详情页.png."""
    if section == STATEMENT:
        return f"{number:02d}-{STATEMENT_FILE}"
    part = safe_name_part(description)
    stem = f"{number:02d}-{SECTION_NAMES.get(section, SECTION_NAMES['other'])}"
    extension = EXTENSIONS.get(content_type, "bin")
    return f"{stem}-{part}.{extension}" if part else f"{stem}.{extension}"


def build_package(items: Iterable[EvidenceFacts], *, statement: str, description: str) -> Package:
    """Return the numbered entries (files and the problem description) and the print sections.

    Only items with a file get a number: the numbers are the ZIP's, with no gaps.
    An item that is only a description is still listed on the print page, in its section.
    """
    by_section: dict[str, list[EvidenceFacts]] = {name: [] for name in SECTIONS}
    for item in ordered_items(items):
        by_section[item.kind if item.kind in by_section else "other"].append(item)
    entries: list[PackageEntry] = []
    sections: list[Section] = []
    for section in SECTIONS:
        own: list[PackageEntry] = []
        if section == STATEMENT:
            number = len(entries) + 1
            entries.append(PackageEntry(number, STATEMENT, entry_name(number, STATEMENT)))
            own.append(entries[-1])
        for item in by_section[section]:
            if item.has_file:
                number = len(entries) + 1
                name = entry_name(number, section, item.description, item.content_type)
                entries.append(PackageEntry(number, section, name, item))
                own.append(entries[-1])
        without = tuple(item for item in by_section[section] if not item.has_file)
        sections.append(Section(section, SECTION_TITLES[section], tuple(own), without))
    return Package(
        entries=tuple(entries),
        sections=tuple(sections),
        statement=statement,
        description=description,
    )


def cover_text(package: Package, written: Mapping[str, Written]) -> str:
    """Return 申诉说明.txt: the statement, then every file in order with its SHA-256."""
    lines = [package.statement.strip(), "", "附件（按平台要求的顺序）："]
    for entry in package.entries:
        done = written.get(entry.name)
        if done is None or done.missing:
            lines.append(f"{entry.name}（文件缺失，没有放进压缩包）")
        else:
            lines.append(f"{entry.name}  SHA-256：{done.sha256}")
    lines += [
        "",
        f"每个文件的类型、时间、大小和 SHA-256 指纹都在 {MANIFEST_FILE} 里。",
        "核对文件有没有被改过：算一下文件的 SHA-256，和上面的对比。",
        "  Windows：certutil -hashfile 文件名 SHA256",
        "  macOS / Linux：shasum -a 256 文件名",
    ]
    return "\n".join(lines) + "\n"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def manifest_rows(package: Package, written: Mapping[str, Written]) -> list[dict[str, Any]]:
    """Return one row per numbered entry: what it is, when, and the fingerprint of its bytes."""
    rows = []
    for entry in package.entries:
        item = entry.item
        done = written.get(entry.name) or Written(size=0, sha256="", missing=True)
        row: dict[str, Any] = {
            "name": entry.name,
            "kind": entry.section,
            "kind_label": entry.kind_label,
            "description": item.description if item else "申诉的问题描述（本站按案件内容生成）",
            "occurred_at": _iso(item.occurred_at) if item else None,
            "received_at": _iso(item.received_at) if item else None,
            "size": None if done.missing else done.size,
            "sha256": None if done.missing else done.sha256,
        }
        if item is not None:
            # The fingerprint taken when the server received the file (存证摘要).
            row["uploaded_sha256"] = item.sha256
            row["matches_upload"] = (not done.missing) and done.sha256 == item.sha256
        if done.missing:
            row["missing"] = True
        rows.append(row)
    return rows


def manifest_json(
    package: Package, written: Mapping[str, Written], *, generated_at: datetime
) -> str:
    document = {
        "generated_at": generated_at.isoformat(),
        "order": [SECTION_NAMES[name] for name in SECTIONS],
        "files": manifest_rows(package, written),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def text_bytes(text: str) -> bytes:
    """Encode a text file so that old Windows editors, too, recognise it as UTF-8."""
    return text.encode("utf-8-sig")
