"""Use cases of background jobs: start one (each kind checks its own permission first), run one,
read the user's, prune old ones.

A view that starts long work calls one start_* function and redirects to the job's page; the
worker calls execute(). Bad input is refused before anything is queued (JobRefused), so a person
learns at once what is wrong; what fails while running is stored on the job in Chinese.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianggang.accounts.permissions import Action, require
from lianggang.jobs.models import Job, JobKind, JobState

log = logging.getLogger(__name__)

# The largest file a person may hand to a job (plan documents, bulk loads): the upload limit.
MAX_INPUT_BYTES = settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class JobRefused(ValueError):
    """A job that cannot be started as asked; the message is one Chinese line."""


class Progress:
    """What a runner calls to say how far it is: progress(40, "正在绘制图表"). Written at most once per
    percent, with an update of two columns, so a job's page can be polled while it runs."""

    def __init__(self, job: Job):
        self.job = job
        self.last = -1

    def __call__(self, percent: int, message: str = "") -> None:
        percent = max(0, min(99, int(percent)))   # 100 is "done", said by execute()
        if percent == self.last and not message:
            return
        self.last = percent
        fields = {"progress": percent}
        if message:
            fields["message"] = message[:300]
        Job.objects.filter(pk=self.job.pk).update(**fields)


def _runs_at_once() -> bool:
    """The suite's backend runs a task inside enqueue(); the database backend leaves it to a worker."""
    from django_tasks.backends.immediate import ImmediateBackend

    from lianggang.jobs.tasks import run_job
    return isinstance(run_job.get_backend(), ImmediateBackend)


def _start(user, kind: str, title: str, params: dict, region=None, input_name: str = "",
           input_file: bytes | None = None) -> Job:
    """Make the job and queue it in one transaction: a worker sees both or neither. (Run at once, the
    job runs after that transaction, as a worker would.)"""
    from lianggang.jobs.tasks import run_job
    at_once = _runs_at_once()
    with transaction.atomic():
        job = Job.objects.create(kind=kind, user=user, region=region, title=title[:300], params=params,
                                 input_name=input_name[:300], input_file=input_file,
                                 message=_("等待后台处理"))
        if not at_once:
            run_job.enqueue(job.pk)
    if at_once:
        run_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


# -- starting -------------------------------------------------------------------------------------

def start_report(user, plan, region, year: int, kind: str, fmt: str) -> Job:
    """A report (annual, mid-term, final, tables) in one format, built by reports.build_report."""
    from lianggang.reports.build import REPORTS, ReportError, check_request
    require(user, Action.RUN_REPORT, region)
    try:
        report = check_request(kind, fmt)
    except ReportError as e:
        raise JobRefused(str(e)) from e
    if not (plan.start_year - 10 <= year <= plan.end_year + 5):
        raise JobRefused(_("年度 %(year)s 不在《%(plan)s》的监测期（%(start)s—%(end)s年）附近")
                         % {"year": year, "plan": plan.title, "start": plan.start_year, "end": plan.end_year})
    title = f"{region.name} {plan.title} {year}年{REPORTS[kind].name}（{fmt}）"
    return _start(user, JobKind.REPORT, title,
                  {"plan": plan.pk, "region": region.pk, "year": year, "kind": report.code, "format": fmt},
                  region=region)


def start_extraction(user, name: str, data: bytes) -> Job:
    """A plan document read by the extraction core; the result waits on the job for the person to check."""
    from lianggang.accounts.permissions import may_anywhere
    if not may_anywhere(user, Action.MANAGE_PLAN):
        from django.core.exceptions import PermissionDenied
        raise PermissionDenied(_("只有工委办公室可以导入纲要（规划）"))
    _check_size(name, data)
    return _start(user, JobKind.EXTRACT, _("抽取纲要文件 %(name)s") % {"name": name}, {}, input_name=name,
                  input_file=data)


def start_export(user, plan, region, *, subtree: bool, years: tuple[int, int] | None, fmt: str) -> Job:
    """The plan's values the user may see, in the tidy form load-values reads (csv or xlsx)."""
    require(user, Action.VIEW_PLAN, plan)
    if fmt not in ("csv", "xlsx"):
        raise JobRefused(_("未知的格式 %(fmt)s：可选 csv、xlsx") % {"fmt": fmt})
    if years and years[0] > years[1]:
        raise JobRefused(_("年度范围起止颠倒：%(a)s—%(b)s") % {"a": years[0], "b": years[1]})
    title = _("导出 %(region)s %(plan)s 的数据（%(fmt)s）") % {"region": region.name, "plan": plan.title, "fmt": fmt}
    return _start(user, JobKind.EXPORT_VALUES, title,
                  {"plan": plan.pk, "region": region.pk, "subtree": subtree,
                   "years": list(years) if years else None, "format": fmt}, region=region)


def start_load(user, plan, name: str, data: bytes, *, state: str = "draft", reason: str = "") -> Job:
    """A tidy CSV/xlsx of many regions' values, loaded whole or refused whole (monitoring.bulk)."""
    from lianggang.monitoring.bulk import loadable_region_ids
    loadable_region_ids(user)          # refuses at once a user who may load nowhere
    require(user, Action.VIEW_PLAN, plan)
    if state not in ("draft", "approved"):
        raise JobRefused(_("状态只能是 draft 或 approved，不能是 %(state)s") % {"state": state})
    _check_size(name, data)
    return _start(user, JobKind.LOAD_VALUES, _("批量导入 %(name)s") % {"name": name},
                  {"plan": plan.pk, "state": state, "reason": reason}, region=plan.region,
                  input_name=name, input_file=data)


def _check_size(name: str, data: bytes) -> None:
    if not data:
        raise JobRefused(_("%(name)s 是空文件") % {"name": name})
    if len(data) > MAX_INPUT_BYTES:
        raise JobRefused(_("%(name)s 大小 %(size).1f MB，超过上限 %(limit)d MB")
                         % {"name": name, "size": len(data) / 1e6, "limit": MAX_INPUT_BYTES // (1024 * 1024)})


# -- running ---------------------------------------------------------------------------------------

def _user_message(error: Exception) -> str | None:
    """The Chinese sentence of an error lianggang raises on purpose (bad input, a report that cannot
    be built); None for a bug, whose traceback goes to the log instead."""
    from lianggang.extraction import ExtractionError
    from lianggang.monitoring.errors import MonitoringError
    from lianggang.monitoring.tabular import Refused
    from lianggang.plans.services import PlanImportError
    from lianggang.reports.build import ReportError
    from django.core.exceptions import PermissionDenied

    if isinstance(error, Refused):
        lines = [_where(p) + p.message for p in error.problems[:20]]
        more = len(error.problems) - len(lines)
        tail = [_("……另有 %(n)d 处问题") % {"n": more}] if more > 0 else []
        return "\n".join([error.summary, *lines, *tail])
    if isinstance(error, (ReportError, ExtractionError, PlanImportError, MonitoringError, JobRefused,
                          PermissionDenied)):
        return str(error) or _("没有权限")
    return None


def _where(problem) -> str:
    """第3行 数值列：… — the spot of a bulk load's problem, as the upload page writes it."""
    spot = []
    if problem.row is not None:
        spot.append(_("第%(row)d行") % {"row": problem.row})
    if problem.column:
        spot.append(problem.column)
    return (" ".join(spot) + "：") if spot else ""


def execute(job_id: int) -> None:
    """Run one job (the worker's task): running → done with its result, or → failed with a Chinese message.
    A job already finished is left alone (a task delivered twice runs once)."""
    from lianggang.jobs.runners import RUNNERS

    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != JobState.QUEUED:
            return
        job.state, job.started_at, job.message = JobState.RUNNING, timezone.now(), _("正在处理")
        job.save(update_fields=["state", "started_at", "message"])
    try:
        outcome = RUNNERS[job.kind](job, Progress(job))
    except Exception as e:   # noqa: BLE001 — every failure ends the job with a message
        message = _user_message(e)
        if message is None:
            log.exception("job %s (%s) failed", job.pk, job.kind)
            message = _("处理时发生内部错误（任务编号 %(id)d），已记入服务器日志，请联系系统管理员。") % {"id": job.pk}
        Job.objects.filter(pk=job.pk).update(state=JobState.FAILED, error=message, message="",
                                             finished_at=timezone.now(), input_file=None)
    else:
        Job.objects.filter(pk=job.pk).update(
            state=JobState.DONE, progress=100, message=outcome.message or _("已完成"), finished_at=timezone.now(),
            result_name=outcome.name, result_type=outcome.content_type, result_file=outcome.data,
            result_data=outcome.json, input_file=None)
    from lianggang.notify.services import job_finished
    job_finished(Job.objects.defer("result_file", "input_file", "result_data").get(pk=job.pk))


# -- reading and tidying ---------------------------------------------------------------------------

def jobs_of(user):
    """The user's own jobs, newest first, without their files."""
    return Job.objects.filter(user=user).defer("result_file", "input_file", "result_data").select_related("region")


def prune_finished(now: dt.datetime | None = None) -> int:
    """Finished jobs older than JOB_RESULT_DAYS go, with their files (the daily run calls this)."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.JOB_RESULT_DAYS)
    deleted, _by_model = Job.objects.filter(state__in=(JobState.DONE, JobState.FAILED),
                                            finished_at__lt=cutoff).delete()
    return deleted


# A job running this long, or queued this long, lost its worker (killed, the machine restarted).
STALE_RUNNING = dt.timedelta(hours=2)
STALE_QUEUED = dt.timedelta(days=1)


def fail_stale(now: dt.datetime | None = None) -> int:
    """Jobs whose worker went away end as failed with a sentence saying so (the daily run calls this),
    rather than showing a progress bar forever."""
    now = now or timezone.now()
    stale = (Job.objects.filter(state=JobState.RUNNING, started_at__lt=now - STALE_RUNNING)
             | Job.objects.filter(state=JobState.QUEUED, created_at__lt=now - STALE_QUEUED))
    return stale.update(state=JobState.FAILED, finished_at=now, input_file=None,
                        error=_("任务中断（后台进程停止或服务器重启），请重新提交。"))


ProgressFn = Callable[[int, str], None]
