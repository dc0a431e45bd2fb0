"""Each kind of long work runs as a job: plan extraction, an export, a bulk load."""
from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from lianggang.jobs.models import Job, JobKind, JobState
from lianggang.monitoring.models import Value
from tests.web.test_pages import PLAN_TEXT


def upload(name: str, data: bytes):
    f = io.BytesIO(data)
    f.name = name
    return f


@pytest.mark.django_db(transaction=True)
def test_a_plan_document_is_read_by_the_worker_then_checked_as_before(client, web_world, queued):
    client.force_login(web_world.committee)
    response = client.post("/work/plans/import/", {"file": upload("甲区儿童规划.txt", PLAN_TEXT.encode())})
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/" and job.kind == JobKind.EXTRACT
    assert job.state == JobState.QUEUED                      # the request did not read the document
    call_command("worker", "--once")
    job.refresh_from_db()
    assert job.state == JobState.DONE and "已抽取 3 个目标" in job.message and job.input_file is None
    assert f"/jobs/{job.pk}/continue/" in client.get(f"/jobs/{job.pk}/").content.decode()
    assert client.get(f"/jobs/{job.pk}/continue/")["Location"] == "/work/plans/import/check/"
    rows = client.get("/work/plans/import/check/").context["rows"]
    assert [r.target["indicator"] for r in rows] == ["婴儿死亡率", "孕产妇死亡率", "学前教育毛入园率"]


def test_a_document_that_is_no_plan_fails_with_the_extractors_message(client, web_world):
    client.force_login(web_world.committee)
    response = client.post("/work/plans/import/", {"file": upload("空.txt", "   \n".encode())})
    assert response.status_code == 400
    assert "空.txt" in response.content.decode()
    assert Job.objects.get().state == JobState.FAILED


def test_an_export_runs_as_a_job_with_only_the_values_the_user_may_see(client, web_world):
    client.force_login(web_world.statistics)
    response = client.post("/jobs/export/", {"plan": web_world.plan.pk, "region": "", "years": "2020-2022",
                                             "format": "csv"})
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/" and job.state == JobState.DONE
    text = client.get(f"/jobs/{job.pk}/download/").content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("区划代码,区划名称,指标,年度")
    assert len(text.splitlines()) == 1 + 9                   # three indicators × 2020–2022
    assert "已导出 9 条数据" in job.message


def test_an_export_with_years_backwards_is_refused_at_once(client, web_world):
    client.force_login(web_world.statistics)
    response = client.post("/jobs/export/", {"plan": web_world.plan.pk, "years": "2025-2020", "format": "csv"})
    assert response.status_code == 400 and "起止颠倒" in response.content.decode()
    assert not Job.objects.exists()


HEADER = "区划代码,区划名称,指标,年度,性别,城乡,年龄组,数值,单位,说明\n"


def test_a_bulk_load_runs_as_a_job_and_a_bad_file_names_its_rows(client, web_world):
    client.force_login(web_world.statistics)
    good = HEADER + "150203,甲区,婴儿死亡率,2019,,,,6.2,‰,\n"
    client.post("/jobs/load/", {"plan": web_world.plan.pk, "state": "draft",
                                "file": upload("v.csv", good.encode())})
    job = Job.objects.get()
    assert job.state == JobState.DONE and "已导入 1 条数据" in job.message
    assert Value.objects.filter(year=2019, indicator__name="婴儿死亡率").exists()

    bad = HEADER + "150203,甲区,婴儿死亡率,2018,,,,六点二,‰,\n"
    client.post("/jobs/load/", {"plan": web_world.plan.pk, "state": "draft", "file": upload("bad.csv", bad.encode())})
    failed = Job.objects.exclude(pk=job.pk).get()
    assert failed.state == JobState.FAILED and "未导入任何数据" in failed.error and "第2行" in failed.error
    assert not Value.objects.filter(year=2018).exists()


def test_only_the_bureau_may_bulk_load(client, web_world):
    client.force_login(web_world.filler_health)
    assert client.get("/jobs/load/").status_code == 403
