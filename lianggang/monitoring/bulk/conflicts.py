"""Stored values a load may not overwrite (the state rule is entry.may_overwrite), and how a refusal says so."""
from __future__ import annotations

from django.utils.translation import gettext as _, gettext_lazy

from lianggang.monitoring.entry import may_overwrite
from lianggang.monitoring.models import ValueState
from lianggang.monitoring.tabular import Problem


def blocked_states(state: str, overwrite_approved: bool = False) -> tuple[str, ...]:
    """The states of stored values a load in `state` may not overwrite (entry.may_overwrite, the one rule)."""
    return tuple(stored for stored in ValueState.values if not may_overwrite(stored, state, overwrite_approved))


CONFLICT_MESSAGES = {   # lazy: translated when a refusal is made, in that request's language
    ValueState.SUBMITTED: gettext_lazy("该数据已由部门报送、正在审核，不能覆盖"),
    ValueState.APPROVED: gettext_lazy("该数据已审核锁定；确需覆盖，请以 --state approved --overwrite-approved "
                                      "--reason 原因 重新导入（或请统计局重新开放）"),
}


def conflict_message(state: str) -> str:
    known = CONFLICT_MESSAGES.get(state)
    return str(known) if known is not None else _("该数据状态为%(state)s，不能覆盖") % {"state": state}


def conflict_problems(rows: list[tuple[int, str]], sheet: str) -> list[Problem]:
    messages = {st: conflict_message(st) for st in {st for _line, st in rows}}
    return [Problem(sheet, line, "数值", messages[st]) for line, st in rows]
