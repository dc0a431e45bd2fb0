"""Attachments: only the allowed types, judged by their bytes, under the size limit; stored under a
random name; served only as a download to those who may see the record they belong to."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from lianggang.committee import services
from lianggang.committee.attachments import NamedBytes, attach
from lianggang.committee.errors import CommitteeError
from lianggang.committee.models import Attachment
from lianggang.lib import filetypes
from tests.committee.conftest import PDF, PNG, YEAR, docx_bytes


@pytest.fixture
def meeting(cworld):
    return services.record_meeting(cworld.committee, cworld.county_a, kind="plenary", date=dt.date(2025, 3, 1),
                                   title="第一次全体会议", attendees="各成员单位分管领导")


@pytest.mark.parametrize("data, kind", [
    (PDF, "pdf"), (PNG, "png"), (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "jpg"),
    (docx_bytes("正文"), "docx"),
    (b"<html><script>alert(1)</script></html>", None),
    (b"PK\x03\x04not really a zip", None),
    (b"MZ\x90\x00", None),
])
def test_sniff_names_the_kind_the_bytes_are(data, kind):
    assert filetypes.sniff(data) == kind


def test_an_xlsx_is_told_from_a_docx(tmp_path):
    from openpyxl import Workbook
    path = tmp_path / "a.xlsx"
    Workbook().save(path)
    assert filetypes.sniff(path.read_bytes()) == "xlsx"


def test_a_pdf_is_stored_under_a_random_name_and_logged(cworld, meeting, settings):
    a = attach(cworld.committee, meeting, NamedBytes(PDF, "会议纪要.pdf"))
    assert a.name == "会议纪要.pdf" and a.kind == "pdf" and a.size == len(PDF)
    assert "会议纪要" not in a.file.name and a.file.name.startswith("attachments/")
    assert (settings.MEDIA_ROOT / a.file.name).read_bytes() == PDF
    from lianggang.audit.models import AuditEntry
    assert AuditEntry.objects.filter(verb="attachment.added", object_id=str(a.pk)).exists()


@pytest.mark.parametrize("name, data, message", [
    ("纪要.pdf", b"<html><body onload=alert(1)>", "不是它的扩展名所说的文件类型"),   # HTML disguised as PDF
    ("纪要.html", b"<html></html>", "类型不允许"),
    ("照片.png", PDF, "不是它的扩展名所说的文件类型"),
    ("脚本.exe", b"MZ\x90\x00", "类型不允许"),
    ("空.pdf", b"", "空文件"),
])
def test_wrong_types_are_refused_and_nothing_is_stored(cworld, meeting, settings, name, data, message):
    with pytest.raises(CommitteeError, match=message):
        attach(cworld.committee, meeting, NamedBytes(data, name))
    assert not Attachment.objects.exists()
    assert not (settings.MEDIA_ROOT / "attachments").exists() or not any((settings.MEDIA_ROOT / "attachments").iterdir())


def test_a_file_over_the_limit_is_refused(cworld, meeting, settings):
    settings.LIANGGANG_ATTACHMENT_MAX_MB = 1
    with pytest.raises(CommitteeError, match="超过上限1 MB"):
        attach(cworld.committee, meeting, NamedBytes(PDF + b"0" * (1024 * 1024), "大.pdf"))
    assert not Attachment.objects.exists()


def test_only_the_office_may_attach_to_a_meeting(cworld, meeting):
    with pytest.raises(PermissionDenied):
        attach(cworld.filler_health, meeting, NamedBytes(PDF, "纪要.pdf"))


def test_the_download_is_an_attachment_never_inline(cworld, meeting, client):
    a = attach(cworld.committee, meeting, NamedBytes(PDF, "会议纪要.pdf"))
    client.force_login(cworld.filler_health)   # a member department reads its region's meetings
    response = client.get(f"/committee/attachments/{a.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("persona, status", [
    ("committee", 200), ("filler_health", 200), ("reader_city", 200), ("admin", 200),
    ("filler_edu", 403), ("filler_b", 403), ("stats_city", 200)])
def test_a_draft_reports_file_is_seen_by_its_department_and_the_offices_only(cworld, client, persona, status):
    w = cworld
    report = services.save_report(w.filler_health, w.county_a, YEAR, w.departments["health"],
                                  services.ReportInput(summary="草稿"))
    a = attach(w.filler_health, report, NamedBytes(PNG, "盖章扫描件.png"))
    client.force_login(getattr(w, persona))
    assert client.get(f"/committee/attachments/{a.pk}/").status_code == status


def test_the_anonymous_are_sent_to_log_in(cworld, meeting, client):
    a = attach(cworld.committee, meeting, NamedBytes(PDF, "纪要.pdf"))
    response = client.get(f"/committee/attachments/{a.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
