"""What each kind of job does: RUNNERS[kind](job, progress) → Outcome.

A runner calls the same service the page or command would (reports.build_report, extract_file,
monitoring.bulk) and says how far it is through `progress(percent, step)`. It raises the service's
own errors; services.execute turns them into the job's Chinese message.
"""
from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass
from typing import Callable

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from lianggang.jobs.models import Job, JobKind


@dataclass
class Outcome:
    name: str = ""                 # the file to download ("" when the result is data)
    content_type: str = ""
    data: bytes | None = None
    json: dict | None = None       # a result the next page reads (an extraction)
    message: str = ""


def _objects(job: Job):
    from lianggang.plans.models import Plan
    from lianggang.regions.models import Region
    p = job.params
    plan = Plan.objects.select_related("region").get(pk=p["plan"])
    region = Region.objects.get(pk=p["region"]) if p.get("region") else plan.region
    return plan, region


def _still_allowed(job: Job, action, obj) -> None:
    """Permission is asked again when the job runs: a role taken away in between stops it."""
    from lianggang.accounts.permissions import require
    require(job.user, action, obj)


def run_report(job: Job, progress) -> Outcome:
    from lianggang.accounts.permissions import Action
    from lianggang.reports.build import build_report
    plan, region = _objects(job)
    _still_allowed(job, Action.RUN_REPORT, region)
    p = job.params
    data, filename, content_type = build_report(p["kind"], plan, region, p["year"], p["format"], progress=progress)
    return Outcome(filename, content_type, data, message=_("报告已生成"))


def run_extraction(job: Job, progress) -> Outcome:
    from lianggang.extraction import extract_file
    progress(5, _("正在读取文件"))
    suffix = os.path.splitext(job.input_name)[1].lower()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "upload" + suffix)
        with open(path, "wb") as out:
            out.write(bytes(job.input_file))
        progress(10, _("正在抽取目标（大文件、扫描件需要几分钟）"))
        extraction = extract_file(path)
    extraction.document["source"] = job.input_name
    targets = sum(len(g.get("targets", [])) for plan in extraction.document["plans"]
                  for d in plan["domains"] for g in d["goals"])
    return Outcome(json={"doc": extraction.document, "text": extraction.text, "name": job.input_name},
                   message=_("已抽取 %(n)d 个目标，请核对后保存") % {"n": targets})


def run_export(job: Job, progress) -> Outcome:
    from lianggang.accounts.permissions import Action
    from lianggang.monitoring.bulk import export_rows
    from lianggang.monitoring.tabular import write_csv, write_xlsx
    plan, region = _objects(job)
    _still_allowed(job, Action.VIEW_PLAN, plan)
    p = job.params
    progress(10, _("正在读取数据"))
    rows = list(export_rows(plan, region, subtree=p["subtree"], years=tuple(p["years"]) if p["years"] else None,
                            user=job.user))
    progress(50, _("正在写入 %(n)d 条数据") % {"n": len(rows)})
    base = f"{region.name}{plan.title}数据"
    if p["format"] == "xlsx":
        out = io.BytesIO()
        n = write_xlsx(rows, out)
        data, name = out.getvalue(), base + ".xlsx"
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        text = io.StringIO()
        n = write_csv(rows, text)
        data, name, ctype = ("\ufeff" + text.getvalue()).encode("utf-8"), base + ".csv", "text/csv; charset=utf-8"
    return Outcome(name, ctype, data, message=_("已导出 %(n)d 条数据") % {"n": n})


def run_load(job: Job, progress) -> Outcome:
    from lianggang.monitoring.bulk import load_values
    from lianggang.plans.models import Plan
    plan = Plan.objects.select_related("region").get(pk=job.params["plan"])
    progress(10, _("正在检查并导入"))
    result = load_values(job.user, plan, job.input_name, bytes(job.input_file), state=job.params["state"],
                         reason=job.params.get("reason", ""))
    return Outcome(message=_("已导入 %(rows)d 条数据（新增 %(created)d，更新 %(updated)d）")
                   % {"rows": result.rows, "created": result.created, "updated": result.updated})


RUNNERS: dict[str, Callable[[Job, Callable[[int, str], None]], Outcome]] = {
    JobKind.REPORT: run_report,
    JobKind.EXTRACT: run_extraction,
    JobKind.EXPORT_VALUES: run_export,
    JobKind.LOAD_VALUES: run_load,
}
