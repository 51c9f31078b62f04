"""Export cases as a ZIP: one JSON file with every field of every row, plus the original files.

Rows are serialised by walking each model's concrete fields, and the rows come
from selectors.case_records, which walks the reverse foreign keys of Case. So a
field or a related model added later is exported without a change here.

The archive is streamed: files are read from storage while the response is sent,
their SHA-256 is computed from the very bytes written, and the JSON goes last so
it can state those fingerprints.
"""

import base64
import datetime
import decimal
import json
import uuid
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import SuspiciousFileOperation
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.duration import duration_iso_string
from django.utils.text import get_valid_filename
from zipstream import ZipStream

from cases.downloads import StreamedFile, zip_stream
from cases.models import Case
from cases.uploads import download_name

FORMAT = "kameng-refund-export"
FORMAT_VERSION = 1
# A value that lets whoever holds the file act as the case's owner is never written out:
# an export is often forwarded (to a platform, the police), the session must not go with it.
REDACTED_FIELDS = frozenset({"session_key"})
REDACTED = {"redacted": "登录凭据，不导出"}

README = """卡盟退款指南 · 导出的数据

{json_name}：案件的全部内容（每个字段、证据、时间线、协商 / 申诉 / 外部维权记录），
  时间带时区（北京时间 +08:00），金额是字符串，选项同时给出代码和中文名称。
  导出整个账号时，还有账号信息和登录记录（每次登录的时间、IP 地址和浏览器）。
<案件编号>/files/：你上传的原始文件，没有做任何改动。案件编号就是案件网址里
  /cases/ 后面的那一串字母和数字。
  {json_name} 里每个文件都写了它在压缩包里的位置和 SHA-256 指纹。

核对文件有没有被改过：算一下文件的 SHA-256，和 {json_name} 里的对比。
  Windows：certutil -hashfile 文件名 SHA256
  macOS / Linux：shasum -a 256 文件名
"""


class ExportFile(StreamedFile):
    """One stored file going into the archive; its fingerprint is known once it is streamed."""

    def as_json(self) -> dict[str, Any]:
        if self.missing:
            return {"path": None, "missing": True, "note": "导出时存储里已经没有这个文件"}
        return {"path": self.name, "sha256": self.sha256, "size": self.size}


class ExportFiles(list[ExportFile]):
    """The files of an archive, numbered per case in the order the JSON meets them."""

    def add(self, case_id: uuid.UUID, instance: models.Model, value: FieldFile) -> ExportFile:
        number = sum(1 for item in self if item.name.startswith(f"{case_id}/")) + 1
        export_file = ExportFile(
            value, f"{case_id}/files/{number:02d}-{_file_name(instance, value)}"
        )
        self.append(export_file)
        return export_file


@dataclass
class Archive:
    """What goes into the ZIP: the JSON document and the files it points to."""

    json_name: str
    document: dict[str, Any]
    files: ExportFiles


def plain(value: Any) -> Any:
    """Return a value as JSON: ISO 8601 times with their offset, Decimals as strings."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _file_name(instance: models.Model, value: FieldFile) -> str:
    """Return a safe file name to show: the user's own name where the row kept one."""
    original = getattr(instance, "original_name", "") or PurePath(value.name).name
    content_type = getattr(instance, "content_type", "")
    if content_type:
        return download_name(original, content_type)
    try:
        return get_valid_filename(PurePath(original).name)[:100]
    except SuspiciousFileOperation:
        return "file"


def _row(instance: models.Model, case_id: uuid.UUID, files: ExportFiles) -> dict[str, Any]:
    """Return every concrete field of a row; a stored file joins the archive's files."""
    data: dict[str, Any] = {}
    for model_field in instance._meta.concrete_fields:
        if model_field.name in REDACTED_FIELDS:
            data[model_field.name] = REDACTED if getattr(instance, model_field.attname) else None
            continue
        value = getattr(instance, model_field.attname)
        if isinstance(model_field, models.FileField):
            if not value:
                data[model_field.name] = None
            elif not value.storage.exists(value.name):
                data[model_field.name] = ExportFile(value, "", missing=True)
            else:
                data[model_field.name] = files.add(case_id, instance, value)
        elif model_field.choices and not model_field.is_relation:
            label = dict(model_field.flatchoices).get(value, "")
            data[model_field.name] = {"code": plain(value), "label": str(label)}
        else:
            data[model_field.name] = plain(value)
    return data


def case_document(
    case: Case, records: dict[str, list[models.Model]], files: ExportFiles
) -> dict[str, Any]:
    """Return one case and every row below it, keyed by model label."""
    return {
        "model": Case._meta.label_lower,
        "fields": _row(case, case.pk, files),
        "related": {
            label: [_row(row, case.pk, files) for row in rows] for label, rows in records.items()
        },
    }


def _header() -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": plain(timezone.now()),
        "time_zone": timezone.get_current_timezone_name(),
    }


def case_archive(case: Case, records: dict[str, list[models.Model]]) -> Archive:
    files = ExportFiles()
    document = {**_header(), "case": case_document(case, records, files)}
    return Archive(json_name="case.json", document=document, files=files)


def account_archive(
    user: Any,
    cases: list[Case],
    records: dict[uuid.UUID, dict[str, list[models.Model]]],
    *,
    logins: list[dict[str, Any]] = (),
) -> Archive:
    files = ExportFiles()
    account = {
        "username": user.get_username(),
        "email": getattr(user, "email", ""),
        "date_joined": plain(getattr(user, "date_joined", None)),
        "last_login": plain(getattr(user, "last_login", None)),
        # The login records the privacy page says are kept (accounts.services.login_records).
        "logins": [{name: plain(value) for name, value in row.items()} for row in logins],
    }
    documents = [case_document(case, records[case.pk], files) for case in cases]
    document = {**_header(), "account": account, "cases": documents}
    return Archive(json_name="cases.json", document=document, files=files)


def _json_default(value: Any) -> Any:
    if isinstance(value, ExportFile):
        return value.as_json()
    raise TypeError(f"not exportable: {type(value).__name__}")


def archive_zip(archive: Archive) -> ZipStream:
    """Return the ZIP as a stream: a read-me, the files as stored, then the JSON."""

    def document() -> str:
        # Built after every file above was streamed, so the fingerprints are final.
        return json.dumps(archive.document, ensure_ascii=False, indent=2, default=_json_default)

    return zip_stream(
        [
            ("说明.txt", README.format(json_name=archive.json_name)),
            *(
                (export_file.name, export_file)
                for export_file in archive.files
                if not export_file.missing
            ),
            (archive.json_name, document),
        ]
    )
