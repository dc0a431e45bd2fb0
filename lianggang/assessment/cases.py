"""JSON cases in, plain results out: the logic behind ``manage.py assess``.

Validation rules (each failure is a CaseError naming the case and field):
a case is an object with ``target``, ``period`` {start, end}, ``series``
{year: number|null} and ``as_of``; ``baseline`` {year, value}, ``reference``
(a series, for comparison targets), ``method`` and ``id`` are optional.
A series year after ``as_of`` is an error (data from the future means a wrong
``as_of``), and so is a year more than 20 years outside the plan period;
years before the period (a baseline year such as 2020 for 2021–2030) are fine.
"""
from __future__ import annotations

from typing import Any

from .model import DEFAULT_CONFIG, Baseline, CaseError, Config, Period
from .status import _num, prepare

FAR = 20


def _year(x: Any, case: Any, field: str) -> int:
    try:
        if isinstance(x, bool):
            raise ValueError
        y = int(str(x).strip()) if isinstance(x, str) else x
        if not isinstance(y, int) and not (isinstance(y, float) and y.is_integer()):
            raise ValueError
        return int(y)
    except (ValueError, TypeError):
        raise CaseError(case, field, f"not a year: {x!r}") from None


def _series(raw: Any, case: Any, field: str, period: Period, as_of: int | None) -> dict[int, float]:
    if not isinstance(raw, dict):
        raise CaseError(case, field, "not an object of year: value")
    out: dict[int, float] = {}
    for k, v in raw.items():
        y = _year(k, case, f"{field}.{k}")
        if as_of is not None and y > as_of:
            raise CaseError(case, f"{field}.{k}", f"year {y} is after as_of {as_of}")
        if y < period.start - FAR or y > period.end + FAR:
            raise CaseError(case, f"{field}.{k}", f"year {y} far outside the period {period.start}–{period.end}")
        if v is None:
            continue
        out[y] = _num(v, case, f"{field}.{k}")
    return out


def parse_case(raw: Any, index: int, config: Config = DEFAULT_CONFIG):
    """Validate one case; returns (id, prepared target, series, as_of, baseline, reference)."""
    if not isinstance(raw, dict):
        raise CaseError(f"#{index}", "case", "not an object")
    cid = raw.get("id", f"#{index}")
    label = f"{cid!r} (#{index})" if "id" in raw else f"#{index}"
    for f in ("target", "period", "series", "as_of"):
        if f not in raw:
            raise CaseError(label, f, "missing")
    p = raw["period"]
    if not isinstance(p, dict) or "start" not in p or "end" not in p:
        raise CaseError(label, "period", "needs start and end")
    period = Period(_year(p["start"], label, "period.start"), _year(p["end"], label, "period.end"))
    if period.end < period.start:
        raise CaseError(label, "period", "end before start")
    as_of = _year(raw["as_of"], label, "as_of")
    prep = prepare(raw["target"], period, config, case=label, method=raw.get("method"))
    series = _series(raw["series"], label, "series", period, as_of)
    baseline = None
    b = raw.get("baseline")
    if b is not None:
        if not isinstance(b, dict) or "year" not in b or "value" not in b:
            raise CaseError(label, "baseline", "needs year and value")
        baseline = Baseline(_year(b["year"], label, "baseline.year"), _num(b["value"], label, "baseline.value"))
    tb = prep.target.get("baseline")
    if baseline is None and tb is not None:
        if not isinstance(tb, dict) or "year" not in tb or "value" not in tb:
            raise CaseError(label, "target.baseline", "needs year and value")
        baseline = Baseline(_year(tb["year"], label, "target.baseline.year"),
                            _num(tb["value"], label, "target.baseline.value"))
    ref = raw.get("reference_series", raw.get("reference"))
    reference = _series(ref, label, "reference", period, as_of) if ref is not None else None
    return cid, prep, series, as_of, baseline, reference


def run_cases(cases: Any, config: Config = DEFAULT_CONFIG, details: bool = False) -> list[dict]:
    """Validate every case first (all or nothing), then judge each."""
    if not isinstance(cases, list):
        raise CaseError("-", "cases", "the file must hold a JSON list of cases")
    parsed = [parse_case(c, i, config) for i, c in enumerate(cases)]
    out = []
    for cid, prep, series, as_of, baseline, reference in parsed:
        a = prep.run(series, as_of, baseline, reference, cid)
        out.append(a.to_dict(with_details=details) | {"id": cid})
    return out
