"""Every upload is bounded: size, what a workbook unpacks to, the length of a refusal, a plan's text."""
from __future__ import annotations

import io
import time
import zipfile

from django.urls import reverse

from lianggang.monitoring import excel
from lianggang.monitoring.models import Value
from lianggang.monitoring.services import submission_for
from lianggang.monitoring.tabular import Problem, Refused
from lianggang.web.work import plan_import
from tests.web.test_pages import PLAN_TEXT


def _padded(data: bytes, extra: int) -> bytes:
    """The form with its sheet's XML swollen by `extra` bytes of whitespace (compresses to almost nothing)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"<sheetData>", b"<sheetData>" + b" " * extra, 1)
            dst.writestr(item, content)
    return out.getvalue()


def test_a_small_file_that_unpacks_to_far_more_than_a_form_is_refused_before_parsing(client, web_world):
    w = web_world
    sub = submission_for(w.round, w.departments["health"])
    data = _padded(excel.build_template(w.round, w.departments["health"]), 60 * 1024 * 1024)
    assert len(data) < excel.MAX_BYTES
    client.force_login(w.filler_health)
    upload = io.BytesIO(data)
    upload.name = "form.xlsx"
    started = time.monotonic()
    response = client.post(reverse("web:entry-upload", args=[sub.pk]), {"file": upload})
    assert time.monotonic() - started < 5
    assert response.status_code == 400 and "多余的行或单元格" in response.content.decode()
    assert not Value.objects.filter(year=w.round.year).exists()


def test_an_oversized_form_is_refused_without_reading_it(client, web_world, monkeypatch):
    w = web_world
    sub = submission_for(w.round, w.departments["health"])
    monkeypatch.setattr(excel, "MAX_BYTES", 1000)
    client.force_login(w.filler_health)
    upload = io.BytesIO(b"x" * 2000)
    upload.name = "big.xlsx"
    response = client.post(reverse("web:entry-upload", args=[sub.pk]), {"file": upload}, follow=True)
    assert "超过上限" in response.content.decode()


def test_the_refusal_page_lists_at_most_200_problems_and_counts_the_rest(client, web_world, monkeypatch):
    w = web_world
    sub = submission_for(w.round, w.departments["health"])

    def refuse(*args, **kwargs):
        raise Refused([Problem("表", i, "J", "不是数字") for i in range(5000)])
    monkeypatch.setattr(excel, "import_values", refuse)
    client.force_login(w.filler_health)
    upload = io.BytesIO(b"PK")
    upload.name = "f.xlsx"
    html = client.post(reverse("web:entry-upload", args=[sub.pk]), {"file": upload}).content.decode()
    assert html.count("<td>不是数字</td>") == 200 and "另有 4800 处问题未列出" in html
    assert len(html) < 200_000


def test_plan_documents_have_a_size_and_a_text_limit(client, web_world, monkeypatch):
    client.force_login(web_world.committee)
    monkeypatch.setattr(plan_import, "MAX_BYTES", 100)
    upload = io.BytesIO(PLAN_TEXT.encode())
    upload.name = "plan.txt"
    response = client.post(reverse("web:plan-import"), {"file": upload})
    assert "超过上限" in response.content.decode() and plan_import.SESSION_KEY not in client.session
    monkeypatch.setattr(plan_import, "MAX_BYTES", 10 * 1024 * 1024)
    monkeypatch.setattr(plan_import, "MAX_TEXT_CHARS", 50)
    upload = io.BytesIO(PLAN_TEXT.encode())
    upload.name = "plan.txt"
    response = client.post(reverse("web:plan-import"), {"file": upload})
    assert response.status_code == 400 and "超过一部纲要" in response.content.decode()
