"""工作台: what each person has to do — forms due, overdue, returned, waiting for review — with the
deadline and a link to each; the office's rounds with completeness that drills into each form.

One page for every role: what shows follows from the permission table (a filler's own forms, the
bureau's review queue, the office's departments, the level above's regions), never from the role.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianggang.accounts.permissions import Action, allowed_rows, may_anywhere, profile_of
from lianggang.monitoring import services as monitoring
from lianggang.monitoring.models import Round, Submission, SubmissionState, UpwardState
from lianggang.web.tables import Column, Table
from lianggang.web.work.rounds import round_acts
from lianggang.web.work.views import _children_summary, _openable_years

DUE, OVERDUE, RETURNED, WAITING = "due", "overdue", "returned", "waiting"
KIND_LABELS = {DUE: _("待填报"), OVERDUE: _("已逾期"), RETURNED: _("被退回"), WAITING: _("待审核")}


@dataclass
class Task:
    kind: str
    sub: Submission
    url: str
    late: bool

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


def _kind(sub: Submission, today: dt.date) -> tuple[str, bool] | None:
    late = bool(sub.round.deadline and today > sub.round.deadline)
    if sub.state == SubmissionState.SUBMITTED:
        return WAITING, False
    if sub.state == SubmissionState.RETURNED:
        return RETURNED, late
    if sub.state == SubmissionState.DRAFT:
        return (OVERDUE if late else DUE), late
    return None


def tasks(user, today: dt.date | None = None) -> list[Task]:
    """The open rounds' submissions the user fills, reviews or follows, each with what is owed."""
    today = today or timezone.localdate()
    subs = (Submission.objects.filter(round__is_open=True).exclude(state=SubmissionState.APPROVED)
            .select_related("round__region", "department", "submitted_by"))
    fill = set(allowed_rows(user, Action.SUBMIT, subs).values_list("pk", flat=True))
    review = set(allowed_rows(user, Action.REVIEW, subs).values_list("pk", flat=True))
    follow = allowed_rows(user, Action.VIEW_SUBMISSION, subs)
    seen = fill | review | set(follow.values_list("pk", flat=True))
    out = []
    for sub in subs.filter(pk__in=seen).order_by("round__deadline", "-round__year", "department__short_name"):
        kind = _kind(sub, today)
        if kind is None:
            continue
        if sub.pk in fill and kind[0] != WAITING:
            url = reverse("web:entry", args=[sub.pk])
        elif sub.pk in review and kind[0] == WAITING:
            url = reverse("web:review", args=[sub.pk])
        elif sub.pk in fill or sub.pk in review:
            continue     # a filler's form waiting at the bureau, a bureau's form being filled: not theirs to act on
        else:
            url = reverse("web:submission-print", args=[sub.pk])
        out.append(Task(kind[0], sub, url, kind[1]))
    return out


def task_table(request, items: list[Task]) -> Table:
    return Table(request, "tasks", _("待办事项"), [
        Column("kind", _("事项"), lambda t: t.kind_label, filter=True,
               badge=lambda t: {DUE: "status-on_track", OVERDUE: "status-off_track", RETURNED: "status-at_risk",
                                WAITING: "status-no_data"}[t.kind]),
        Column("round", _("年度监测"), lambda t: str(t.sub.round), link=lambda t: t.url),
        Column("department", _("成员单位"), lambda t: t.sub.department.name, filter=True, link=lambda t: t.url),
        Column("deadline", _("截止日期"), lambda t: t.sub.round.deadline.isoformat() if t.sub.round.deadline else "—"),
        Column("state", _("填报状态"), lambda t: t.sub.get_state_display()),
    ], items)


@login_required
def home(request):
    profile = profile_of(request.user)
    if profile is not None and profile.department_id:
        # A department's submission exists once it is owed something (rounds opened before it had one included).
        for rnd in Round.objects.filter(is_open=True, obligations__department=profile.department).distinct():
            monitoring.submission_for(rnd, profile.department)
    # completeness first: it makes the submission of every department owed something
    rounds = allowed_rows(request.user, Action.MANAGE_ROUND, Round.objects.select_related("region__parent")
                          .order_by("-year"))
    round_rows = []
    for rnd in rounds:
        rows = [(row, row.submission) for row in monitoring.completeness(rnd)]
        round_rows.append((rnd, rows, len(monitoring.unassigned_indicators(rnd)), round_acts(request.user, rnd)))
    items = tasks(request.user)
    table = task_table(request, items)
    if table.exported:
        return table.exported
    counts = [(kind, KIND_LABELS[kind], sum(1 for t in items if t.kind == kind))
              for kind in (DUE, OVERDUE, RETURNED, WAITING)]
    open_years: list[int] = []
    if profile is not None and profile.region_id and may_anywhere(request.user, Action.OPEN_ROUND):
        open_years = _openable_years(profile.region)
    children = []
    if profile is not None and profile.region_id and may_anywhere(request.user, Action.FOLLOW_ROUNDS) \
            and profile.region.children.exists():
        children = _children_summary(profile.region)
    # the level above: regions' years reported and waiting to be accepted or returned
    to_accept = list(allowed_rows(request.user, Action.ACCEPT_UPWARD,
                                  Round.objects.filter(upward=UpwardState.REPORTED).select_related("region"))
                     .order_by("reported_at"))
    return render(request, "web/work/home.html", {
        "to_accept": to_accept,
        "table": table, "counts": counts, "tasks": items, "rounds": round_rows,
        "open_years": open_years, "open_region": profile.region if profile else None,
        "today": timezone.localdate(), "children": children,
        "may_import": may_anywhere(request.user, Action.MANAGE_PLAN),
        "may_report": may_anywhere(request.user, Action.RUN_REPORT),
        "may_audit": may_anywhere(request.user, Action.VIEW_AUDIT),
    })
