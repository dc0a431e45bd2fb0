"""The one way a file enters lianggang: attach(user, owner, uploaded) checks size and type, by
extension AND magic bytes, stores it under LIANGGANG_VAR/media/attachments with a random name and
logs it; serve() hands it back only as a download. Used by reports, meetings and visits alike."""
from __future__ import annotations

import hashlib
import io
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse
from django.utils.translation import gettext as _

from lianggang.accounts.permissions import Action, require
from lianggang.audit.services import record
from lianggang.committee.errors import CommitteeError
from lianggang.committee.models import Attachment, ImplementationReport, Meeting, SupervisionVisit
from lianggang.lib import filetypes

ALLOWED = "PDF、Word (.docx)、Excel (.xlsx)、JPG、PNG"
OWNER_FIELDS = {ImplementationReport: "report", Meeting: "meeting", SupervisionVisit: "visit"}


class NamedBytes(io.BytesIO):
    """Bytes with a file name, as attach() reads an upload (for files made by code: the demo, a docx read twice)."""
    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name = name


def max_bytes() -> int:
    return settings.LIANGGANG_ATTACHMENT_MAX_MB * 1024 * 1024


def check_file(name: str, data: bytes) -> str:
    """The file's kind; CommitteeError naming the file and why it is refused."""
    if not data:
        raise CommitteeError(_("附件“%(name)s”是空文件") % {"name": name})
    if len(data) > max_bytes():
        raise CommitteeError(_("附件“%(name)s”有%(size).1f MB，超过上限%(limit)s MB") % {
            "name": name, "size": len(data) / 1024 / 1024, "limit": settings.LIANGGANG_ATTACHMENT_MAX_MB})
    claimed = filetypes.kind_of_name(name)
    if claimed is None:
        raise CommitteeError(_("附件“%(name)s”的类型不允许：只接受%(allowed)s") % {"name": name, "allowed": ALLOWED})
    actual = filetypes.sniff(data)
    if actual != claimed:
        raise CommitteeError(_("附件“%(name)s”的内容不是它的扩展名所说的文件类型（%(ext)s），已拒收") % {
            "name": name, "ext": claimed})
    return actual


def read_upload(uploaded) -> tuple[str, bytes]:
    """(name, bytes) of an uploaded file, reading at most one byte past the limit."""
    name = getattr(uploaded, "name", "") or "file"
    data = uploaded.read(max_bytes() + 1)
    return name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1], data


def attach(user, owner, uploaded, *, action: Action | None = None) -> Attachment:
    """Store `uploaded` (a Django UploadedFile or any object with name and read()) as a file of
    `owner` (an ImplementationReport, Meeting or SupervisionVisit). `action` is what the user must
    be allowed to do on the owner (by default: write the report, manage meetings and visits)."""
    field = OWNER_FIELDS[type(owner)]
    require(user, action or (Action.WRITE_IMPL_REPORT if field == "report" else Action.MANAGE_COMMITTEE), owner)
    name, data = read_upload(uploaded)
    kind = check_file(name, data)
    stored = f"{secrets.token_hex(16)}.{kind}"
    with transaction.atomic():
        attachment = Attachment(name=name[:200], kind=kind, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                                uploaded_by=user if getattr(user, "is_authenticated", False) else None,
                                **{field: owner})
        attachment.file.save(stored, ContentFile(data), save=False)
        try:
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)
            raise
        record(user, "attachment.added", attachment, region=owner.region, owner=str(owner), name=name, size=len(data))
    return attachment


def serve(user, attachment: Attachment) -> FileResponse:
    """The file as a download, never inline: Content-Disposition attachment, nosniff, and a
    generic type for anything the browser might render."""
    from urllib.parse import quote

    require(user, Action.VIEW_COMMITTEE, attachment)
    response = FileResponse(attachment.file.open("rb"), content_type="application/octet-stream")
    ascii_name = f"attachment.{attachment.kind}"
    response["Content-Disposition"] = (f"attachment; filename=\"{ascii_name}\"; "
                                       f"filename*=UTF-8''{quote(attachment.name)}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
