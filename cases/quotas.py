"""What one visitor may add: evidence per case, and new cases and uploads per hour.

Limits come from the settings (QUOTA_*, docs/DEPLOY.md); a case without an account
gets the lower ones. Each refusal is a sentence that says what to do instead: delete
files, sign up, or wait. Nothing here saves or deletes anything.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from cases import wording
from config.ratelimit import Limit, Refusal, client_address, hit

# Said under every refusal of an upload: the page shows the form again, filled in.
KEPT = "已经保存的证据都还在，这次填的内容也还在，只需要重新选文件。"


@dataclass(frozen=True)
class EvidenceRoom:
    """How many evidence files and bytes a case holds, and may hold."""

    files: int
    size: int
    max_files: int
    max_size: int
    anonymous: bool

    @property
    def hint(self) -> str:
        """Return the sentence under the upload form: what the case holds and may hold."""
        most = wording.file_size(self.max_size)
        if self.files:
            hint = (
                f"这个案件已有 {self.files} 个证据文件（共 {wording.file_size(self.size)}），"
                f"最多 {self.max_files} 个、共 {most}。"
            )
        else:
            hint = f"一个案件最多放 {self.max_files} 个证据文件、共 {most}。"
        return hint + (f"注册账号后{_account_room()}。" if self.anonymous else "")

    def refusal(self, *, adding: int) -> str | None:
        """Return why one more file of `adding` bytes does not fit, or None if it does."""
        if self.files + 1 > self.max_files:
            problem = f"这个案件已经有 {self.files} 个证据文件，最多只能放 {self.max_files} 个"
        elif self.size + adding > self.max_size:
            problem = (
                f"这个案件的证据文件已有 {wording.file_size(self.size)}，加上这个文件"
                f"（{wording.file_size(adding)}）就超过了上限 {wording.file_size(self.max_size)}"
            )
        else:
            return None
        advice = "请先删除一些不需要的文件再上传"
        if self.anonymous:
            advice += (
                f"，或者注册账号：有账号的案件{_account_room()}，"
                "这个浏览器里的案件注册后会自动转进账号"
            )
        return f"{problem}。{advice}。{KEPT}"


def _account_room() -> str:
    files, size = settings.QUOTA_FILES_PER_CASE, settings.QUOTA_BYTES_PER_CASE
    return f"最多可以放 {files} 个文件、共 {wording.file_size(size)}"


def evidence_room(*, anonymous: bool, files: int, size: int) -> EvidenceRoom:
    """Return the room a case has, given what it already holds."""
    if anonymous:
        max_files, max_size = settings.QUOTA_FILES_PER_CASE_ANON, settings.QUOTA_BYTES_PER_CASE_ANON
    else:
        max_files, max_size = settings.QUOTA_FILES_PER_CASE, settings.QUOTA_BYTES_PER_CASE
    return EvidenceRoom(
        files=files, size=size, max_files=max_files, max_size=max_size, anonymous=anonymous
    )


def _visitor(request: HttpRequest) -> tuple[str, bool]:
    """Return who the request counts for (account or session) and whether it is anonymous."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}", False
    if not request.session.session_key:
        # The session the new case will belong to; the view would make it next anyway.
        request.session.create()
    return f"session:{request.session.session_key}", True


def case_start_refusal(request: HttpRequest) -> str | None:
    """Count one new case; return why it may not start now, or None."""
    refused = hit(Limit("cases:ip", client_address(request), settings.QUOTA_CASES_PER_HOUR_PER_IP))
    if refused is not None:
        return f"这个网络地址这一小时里开始的案件太多了。{_wait(refused)}"
    who, anonymous = _visitor(request)
    per_hour = settings.QUOTA_CASES_PER_HOUR_ANON if anonymous else settings.QUOTA_CASES_PER_HOUR
    refused = hit(Limit("cases:visitor", who, per_hour))
    if refused is None:
        return None
    refusal = f"这一小时里你已经开始了 {per_hour} 个案件，可以先接着做已有的案件。{_wait(refused)}"
    if anonymous:
        refusal += (
            f"注册账号后每小时可以开始 {settings.QUOTA_CASES_PER_HOUR} 个，"
            "这个浏览器里的案件注册后会自动转进账号。"
        )
    return refusal


def upload_refusal(request: HttpRequest, *, size: int) -> str | None:
    """Count one evidence item with `size` bytes of file; return why not now, or None."""
    address = client_address(request)
    refused = hit(
        Limit("uploads:ip", address, settings.QUOTA_UPLOADS_PER_HOUR_PER_IP),
        Limit("upload-bytes:ip", address, settings.QUOTA_UPLOAD_BYTES_PER_HOUR_PER_IP, size),
    )
    if refused is not None:
        return f"这个网络地址这一小时里上传的证据太多了。{_wait(refused)}{KEPT}"
    who, anonymous = _visitor(request)
    per_hour = (
        settings.QUOTA_UPLOADS_PER_HOUR_ANON if anonymous else settings.QUOTA_UPLOADS_PER_HOUR
    )
    refused = hit(Limit("uploads:visitor", who, per_hour))
    if refused is None:
        return None
    refusal = f"这一小时里你已经添加了 {per_hour} 条证据。{_wait(refused)}"
    if anonymous:
        refusal += f"注册账号后每小时可以添加 {settings.QUOTA_UPLOADS_PER_HOUR} 条。"
    return refusal + KEPT


def _wait(refused: Refusal) -> str:
    return f"请 {refused.minutes} 分钟后再试。"
