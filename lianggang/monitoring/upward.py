"""下级向上级报送: a region's approved year travels to the level above, which accepts or returns it.

Modelled on DHIS2's approve-then-accept: the region's statistics bureau approves each department's
values (services.approve, which locks them); the region's office then reports the year upward
(`report_upward`); the bureau of the region directly above accepts it (`accept_upward`) or returns
it with a reason (`return_upward`). Accepted, the region's values are the upper level's sub-region
data as they are — nothing is typed again: values belong to their region, and every plan and level
reads the same rows. A value the region reopens for correction (services.reopen_value) reopens its
year's report too (`reopen_report`): the upper level sees it is no longer accepted.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianggang.accounts.permissions import Action, require
from lianggang.monitoring.errors import InvalidValue, WrongState
from lianggang.monitoring.models import Round, SubmissionState, UpwardState
from lianggang.notify import services as notify
from lianggang.regions.models import Region


def report_upward(user, rnd: Round) -> Round:
    """The office reports its region's year to the level above: every department approved first."""
    require(user, Action.REPORT_UPWARD, rnd)
    with transaction.atomic():
        rnd = Round.objects.select_for_update().get(pk=rnd.pk)
        if rnd.region.parent_id is None:
            raise WrongState(_("%(region)s没有上级区划，无需上报") % {"region": rnd.region.name}, "round")
        if rnd.upward in (UpwardState.REPORTED, UpwardState.ACCEPTED):
            raise WrongState(_("%(year)s年的监测结果%(state)s，不能再次上报")
                             % {"year": rnd.year, "state": rnd.get_upward_display()}, "upward")
        pending = [s.department.name for s in rnd.submissions.select_related("department")
                   if s.state != SubmissionState.APPROVED]
        if pending or not rnd.submissions.exists():
            raise WrongState(_("以下单位的数据尚未审核通过，不能上报：%(departments)s")
                             % {"departments": _("、").join(pending) or _("（无任何填报）")}, "submissions")
        rnd.upward, rnd.reported_at, rnd.reported_by = UpwardState.REPORTED, timezone.now(), user
        rnd.save(update_fields=["upward", "reported_at", "reported_by"])
    return rnd


def accept_upward(user, rnd: Round) -> Round:
    """The bureau above accepts a reported year: its values are the upper level's sub-region data."""
    return _review(user, rnd, UpwardState.ACCEPTED, "")


def return_upward(user, rnd: Round, reason: str) -> Round:
    """The bureau above returns a reported year, saying why; the region corrects and reports again."""
    if not reason.strip():
        raise InvalidValue(_("退回时请说明原因"), "reason")
    return _review(user, rnd, UpwardState.RETURNED, reason.strip())


def _review(user, rnd: Round, state: str, comment: str) -> Round:
    require(user, Action.ACCEPT_UPWARD, rnd)
    with transaction.atomic():
        rnd = Round.objects.select_for_update().get(pk=rnd.pk)
        if rnd.upward != UpwardState.REPORTED:
            raise WrongState(_("%(region)s%(year)s年的监测结果%(state)s，只能处理已上报的结果")
                             % {"region": rnd.region.name, "year": rnd.year, "state": rnd.get_upward_display()},
                             "upward")
        rnd.upward, rnd.accepted_at, rnd.accepted_by, rnd.upward_comment = state, timezone.now(), user, comment
        rnd.save(update_fields=["upward", "accepted_at", "accepted_by", "upward_comment"])
        if state == UpwardState.RETURNED:
            notify.report_returned(rnd)
    return rnd


def reopen_report(rnd: Round, reason: str) -> None:
    """A value of the year was reopened: the report above no longer stands (called by reopen_value)."""
    if rnd.upward in (UpwardState.REPORTED, UpwardState.ACCEPTED):
        Round.objects.filter(pk=rnd.pk).update(
            upward=UpwardState.NOT_REPORTED,
            upward_comment=_("本级重新开放了数据（%(reason)s），需重新上报") % {"reason": reason})


@dataclass
class ChildYear:
    """One region below, in one year, as the level above follows it."""
    region: Region
    round: Round | None
    late: bool

    @property
    def state_label(self) -> str:
        return _("未开启监测") if self.round is None else self.round.get_upward_display()


def children_years(region: Region, year: int, today: dt.date | None = None) -> list[ChildYear]:
    """Each region directly below `region` with its year's round and whether it is late: not yet
    accepted when the upper round's deadline has passed."""
    today = today or timezone.localdate()
    upper = Round.objects.filter(region=region, year=year).first()
    deadline = upper.deadline if upper else None
    rounds = {r.region_id: r for r in Round.objects.filter(region__parent=region, year=year)
              .select_related("reported_by", "accepted_by")}
    out = []
    for child in region.children.order_by("code"):
        rnd = rounds.get(child.pk)
        done = rnd is not None and rnd.upward in (UpwardState.REPORTED, UpwardState.ACCEPTED)
        out.append(ChildYear(child, rnd, bool(deadline and today > deadline and not done)))
    return out
