"""The demo's people and its year in progress: one login per role, and an open round to work in.

Showcase: the women's plan of 嘉兴市 (any plan of 330400 with departments, else the plan
of a region with departments). Its 2025 round is open: the department owing most
indicators is still entering (draft, half done), the next has submitted and awaits
review, every other department's values are approved. Passwords are generated on each
run and printed; none is ever committed.
"""
from __future__ import annotations

import random
import secrets
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count

from lianggang.accounts.models import Profile, Role
from lianggang.monitoring import entry, services
from lianggang.monitoring.models import Area, Round, Sex, Value
from lianggang.monitoring.sample import SAMPLE_NOTE, load_sample_values, sample_user
from lianggang.plans.models import Plan, Subject
from lianggang.regions.models import Department, Region

SHOWCASE_REGION = "330400"
SHOWCASE_YEAR = 2025
BOUNDS = {"%": (Decimal(0), Decimal(100)), "‰": (Decimal(0), Decimal(1000))}


def showcase_plan() -> Plan | None:
    # a round needs departments to owe its indicators: plans of regions that have them
    plans = Plan.objects.filter(region__in=Department.objects.values("region"))
    preferred = plans.filter(region__code=SHOWCASE_REGION).order_by("subject", "pk")   # children < women
    preferred = sorted(preferred, key=lambda p: p.subject != Subject.WOMEN)
    return preferred[0] if preferred else plans.order_by("pk").first()


def _set_login(report, username: str, label: str, role: str, region: Region | None,
               department: Department | None = None) -> None:
    User = get_user_model()
    password = secrets.token_urlsafe(9)
    user, _ = User.objects.get_or_create(username=username)
    user.first_name = label
    user.is_active = True
    user.set_password(password)
    user.save()
    Profile.objects.update_or_create(user=user, defaults={"role": role, "region": region, "department": department})
    report.logins.append((f"{Role(role).label} {label}", username, password))


def _next_value(ind, region: Region, rng: random.Random) -> Decimal:
    """This year's value: last year's moved a little (or a typical level where there is none)."""
    last = (Value.objects.filter(indicator=ind, region=region, sex=Sex.TOTAL, area=Area.TOTAL, age_group="")
            .order_by("-year").values_list("value", flat=True).first())
    x = Decimal(str(last)) if last is not None else Decimal(rng.choice((40, 60, 80)))
    x *= Decimal(str(1 + rng.uniform(-0.015, 0.03)))
    lo, hi = BOUNDS.get(ind.unit, (Decimal(0), None))
    x = max(lo, x if hi is None else min(hi, x))
    return x.quantize(Decimal("1") if ind.unit in ("人", "个", "所", "家", "次", "件", "户", "名", "例")
                      else Decimal("0.01"))


def open_showcase_round(report) -> tuple[Plan, list[Department]] | None:
    plan = showcase_plan()
    if plan is None:
        return None
    if Round.objects.filter(region=plan.region, year=SHOWCASE_YEAR).exists():
        depts = _departments_by_load(Round.objects.get(region=plan.region, year=SHOWCASE_YEAR))
        return plan, depts
    system = sample_user()
    rnd = services.open_round(system, plan.region, SHOWCASE_YEAR)
    depts = _departments_by_load(rnd)
    rng = random.Random(f"showcase|{plan.source}|{plan.position}")
    for position, dept in enumerate(depts):
        owed = list(rnd.obligations.filter(department=dept).select_related("indicator").order_by("indicator__name"))
        if position == 0:
            owed = owed[: max(1, len(owed) // 2)]    # still entering: half done
        for ob in owed:
            entry.enter_value(system, rnd, ob.indicator, str(_next_value(ob.indicator, plan.region, rng)),
                                 note=SAMPLE_NOTE, source=SAMPLE_NOTE)
        Value.objects.filter(indicator__in=[ob.indicator for ob in owed], region=plan.region,
                             year=SHOWCASE_YEAR).update(is_sample=True)
        if position == 0:
            continue
        sub = entry.submission_for(rnd, dept)
        services.submit(system, sub)
        if position >= 2:
            services.approve(system, sub)
    report.notes.append(f"{plan.region.name}{SHOWCASE_YEAR}年度监测进行中："
                        f"{depts[0].short_name or depts[0].name}正在填报，"
                        + (f"{depts[1].short_name or depts[1].name}已报送待审核，" if len(depts) > 1 else "")
                        + "其余单位已审核。")
    return plan, depts


def _departments_by_load(rnd: Round) -> list[Department]:
    return list(Department.objects.filter(obligations__round=rnd)
                .annotate(n=Count("obligations")).order_by("-n", "short_name"))


def load_demo_values(report) -> None:
    """Approved sample values for every plan (示例数据), then the showcase's open round."""
    result = load_sample_values()
    report.notes.append(f"示例数据：新写入 {result.values} 个数值（已有 {result.skipped} 个未改动）。")
    open_showcase_round(report)


def ensure_people(report) -> None:
    """One login per role around the showcase plan's region."""
    found = open_showcase_round(report) if showcase_plan() else None
    if found is None:
        return
    plan, depts = found
    region = plan.region
    if not plan.published:
        # The showcase's results are public, so the public page has something to show.
        Plan.objects.filter(pk=plan.pk).update(published=True)
        report.notes.append(f"《{plan.title}》的监测结果已公开：无需登录即可在首页查看。")
    _set_login(report, "office", f"{region.name}妇儿工委办公室", Role.COMMITTEE, region)
    _set_login(report, "stats", f"{region.name}统计局监测组", Role.STATISTICS, region)
    for i, dept in enumerate(depts[:2], start=1):
        _set_login(report, f"filler{i}", f"{region.name}{dept.short_name or dept.name}填报人", Role.FILLER,
                   region, dept)
    if region.parent_id:
        _set_login(report, "reader", f"{region.parent.name}（上级查阅）", Role.READER, region.parent)
    child = region.children.order_by("code").first()
    if child is not None:
        _set_login(report, "county", f"{child.name}妇儿工委办公室", Role.COMMITTEE, child)
