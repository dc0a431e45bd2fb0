"""Every plan in the tests, judged from the database: the counts add up to the total wherever they are
shown (summary, domains, departments, the report's sentence, the dashboard's tiles), the target year
awaits its data instead of calling targets 未实现, and the warnings list an indicator once per group."""
from __future__ import annotations

import re

import pytest

from lianggang.assessment import Status
from lianggang.evaluation.services import assess_plan, latest_year
from lianggang.monitoring.sample import load_sample_values
from lianggang.reports import content
from lianggang.web.browse.views import _status_counts

pytestmark = pytest.mark.django_db
WORDS = {s.zh: s for s in Status}


@pytest.fixture
def judged(seed_plans):
    """(plan, PlanAssessment) for every seed plan, in its latest year with data and in its last year."""
    load_sample_values(seed_plans)
    out = []
    for plan in seed_plans:
        for year in sorted({latest_year(plan, plan.region), plan.end_year}):
            out.append((plan, assess_plan(plan, plan.region, year)))
    return out


def sentence_counts(sentence: str) -> dict[Status, int]:
    """已实现27项、基本实现2项、… of the report's overview sentence, read back."""
    listed = sentence.split("其中", 1)[1].split("。", 1)[0]
    out = {}
    for part in listed.split("、"):
        word, n = re.fullmatch(r"(\D+?)(\d+)项", part).groups()
        out[WORDS[word]] = int(n)
    return out


def test_every_count_adds_up_to_the_total(judged):
    for plan, pa in judged:
        s = pa.summary
        where = (plan.title, pa.year)
        assert sum(s.counts.values()) == s.total == len(pa.results), where
        assert sum(d.total for _, d in pa.by_domain) == s.total, where
        assert sum(d.total for _, d in pa.by_department) == s.total, where
        assert s.assessable + sum(n for st, n in s.counts.items() if not st.judged) == s.total, where
        sentence = content.overview_sentence(pa)
        assert f"纲要共设{s.total}项目标" in sentence
        told = sentence_counts(sentence)
        assert sum(told.values()) == s.total, (where, sentence)
        assert told == {st: n for st, n in s.counts.items() if n}, (where, sentence)
        assert sum(n for _, n in _status_counts(s)) == s.total, where


def test_the_target_year_awaits_its_data_and_an_occasion_target_is_left_to_a_person(judged):
    awaited = 0
    for plan, pa in judged:
        for r in pa.results:
            year = r.target.target_year
            unjudgeable = r.status is Status.MANUAL or r.details.get("needed") in ("base", "reference")
            if pa.year >= year and r.current is not None and r.current.year < year and not unjudgeable:
                assert r.status is Status.AWAITING_DATA, (plan.title, r.indicator.name, r.status, r.reason)
                assert r.position is not None and f"{year}年（目标年）的数据尚未报送" in r.reason
                awaited += 1
            if r.status is Status.NOT_ACHIEVED:
                assert r.current.year == year, (plan.title, r.indicator.name, r.reason)
    assert awaited > 0, "the sample data stop before each plan's last year"
    manual = [r for _, pa in judged for r in pa.results if r.status is Status.MANUAL]
    occasions = [r for r in manual if r.target.note and "换届" in r.target.note]
    assert occasions, "the seeds hold 换届后当年 targets"
    for r in occasions:
        assert f"“{r.target.note}”" in r.reason


def test_warnings_list_an_indicator_once_per_group(judged):
    for plan, pa in judged:
        for group in pa.warning_groups:
            keys = [row.lead.indicator.pk for row in group.rows]
            assert len(keys) == len(set(keys)), (plan.title, group.kind)
            for row in group.rows:
                assert {r.indicator.pk for r in row.items} == {row.lead.indicator.pk}
        flat = {r.target.pk for r in pa.warnings}
        grouped = {r.target.pk for g in pa.warning_groups for row in g.rows for r in row.items}
        assert flat == grouped, plan.title


def test_two_targets_of_one_indicator_read_apart_by_their_conditions(seed_plans):
    from lianggang.plans.models import Target, describe_target

    conditional = Target.objects.filter(note__in=["换届后当年", "平时"]).select_related("indicator")
    assert conditional.count() >= 4
    texts = {describe_target(t) for t in conditional}
    assert len(texts) == conditional.count()
    assert all(t.note in describe_target(t) for t in conditional)
