"""``lianggang assess --cases FILE.json`` (``-`` for stdin): judge JSON cases;
``lianggang assess --plan ID [--region CODE] [--year YEAR]``: judge a plan on the database's values.

A thin shell around ``lianggang.assessment.run_cases``: bad input prints one
line naming the case and field on stderr and exits with code 2, no traceback.
``--cases`` is pure: the command line runs it without booting Django (lianggang/cli.py),
so the database side (``--plan``) is imported where it is used.
"""
from __future__ import annotations

import json
import math
import sys

from lianggang.assessment import CaseError, run_cases
from lianggang.cli import DataCommand


class Command(DataCommand):
    help = ("评估目标是否达成：JSON 案例文件，或用数据库中的已审核数据评估纲要 "
            "Judge targets: JSON cases, or a plan on the approved values in the database")

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--cases", help="JSON 案例文件，- 表示标准输入 JSON file of cases, or - for stdin")
        source.add_argument("--plan", help="纲要编号：用数据库中的已审核数据评估该纲要的全部目标 plan id: judge all its targets")
        parser.add_argument("--region",
                            help="与 --plan 合用：区划代码（默认：纲要所属区划） with --plan: region code (default: the plan's region)")
        parser.add_argument("--year", type=int,
                            help="与 --plan 合用：年度（默认：有已审核数据的最近年度） with --plan: year (default: latest approved)")
        parser.add_argument("--format", choices=("table", "json"), default="table",
                            help="与 --plan 合用：输出格式 table 表格（默认）或 json with --plan: output format")
        parser.add_argument("--details", action="store_true",
                            help="在 JSON 输出中附上每项结果的判断过程 include the trace of each result in JSON output")

    def handle(self, *args, **opts):
        if opts["plan"]:
            return self._plan(opts)
        path = opts["cases"]
        try:
            if path == "-":
                text = sys.stdin.read()
            else:
                with open(path, encoding="utf-8") as f:
                    text = f.read()
        except OSError as e:
            self._fail(f"assess: cannot read {path}: {e.strerror}")
        try:
            cases = json.loads(text, parse_constant=_no_constant)
        except json.JSONDecodeError as e:
            self._fail(f"assess: {path}: broken JSON at line {e.lineno} column {e.colno}: {e.msg}")
        except ValueError as e:
            self._fail(f"assess: {path}: {e}")
        except RecursionError:
            self._fail(f"assess: {path}: JSON nested too deeply")
        try:
            results = run_cases(cases, details=opts["details"])
        except CaseError as e:
            self._fail(f"assess: {e}")
        except RecursionError:
            self._fail(f"assess: {path}: JSON nested too deeply")
        self.stdout.write(json.dumps(_finite(results), ensure_ascii=False, indent=2, allow_nan=False))

    def _plan(self, opts):
        from lianggang.evaluation.commandline import Refused, plan_region_year
        from lianggang.evaluation.results import assessment_json
        from lianggang.evaluation.services import EvaluationError, assess_plan
        from lianggang.plans.models import describe_target
        try:
            plan, region, year = plan_region_year(opts["plan"], opts["region"], opts["year"])
            pa = assess_plan(plan, region, year)
        except (Refused, EvaluationError) as e:
            self._fail(f"assess: {e}")
        if opts["format"] == "json":
            self.stdout.write(json.dumps(assessment_json(pa, details=opts["details"]), ensure_ascii=False, indent=2))
            return
        s = pa.summary
        rate = "—" if s.attainment_rate is None else f"{s.attainment_rate}%"
        counts = "，".join(f"{k.zh}{v}项" for k, v in s.shown())
        self.stdout.write(f"《{plan.title}》{region.name} {year}年：目标{s.total}项，{counts}；达标率{rate}")
        for r in pa.results:
            self.stdout.write(f"[{r.status.zh}{'·波动' if r.volatile else ''}] {r.domain.name} / "
                              f"{describe_target(r.target)}：{r.reason}")

    def _fail(self, message: str):  # noqa: D102
        self.stderr.write(message)
        sys.exit(2)


def _no_constant(name: str):
    """NaN, Infinity and -Infinity are not JSON: refuse them instead of judging with them."""
    raise ValueError(f"{name} is not a number JSON allows")


def _finite(data):
    """The results with any non-finite number (a projection that overflowed) as null: the output
    is always valid JSON."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_finite(v) for v in data]
    return data
