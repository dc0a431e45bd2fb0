"""Sample values look like a real region's (issue 16, item 8): every value of the demo's plans lies
where values of its indicator plausibly lie — near the catalogue's typical level, within a few
spreads; by sex and town/country off the total by about the catalogue's usual ratio — and inside
what its unit allows for a population (no life expectancy of 53, no rate at its ceiling that
should fall)."""
from __future__ import annotations

from collections import defaultdict

import pytest

from lianggang.lib.units import unit_of
from lianggang.monitoring.models import Value
from lianggang.monitoring.sample import load_sample_values
from lianggang.plans.catalogue import read_catalogue
from lianggang.plans.services import import_document
from tests.conftest import ROOT, read_example

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SPREADS = 4.5                    # a value further than this many spreads from typical is implausible
# What a population's value of these units can be, whatever the indicator (catalogue or not).
UNIT_RANGES = {"岁": (60.0, 90.0), "年": (4.0, 18.0), "‰": (0.0, 60.0), "1/10万": (0.0, 150.0)}


@pytest.fixture
def demo_values(regions, catalogue):
    """The demo's plans — national and provincial, the seeds, the county plans — and their sample values."""
    folders = [ROOT / "examples" / "plans" / "upper", ROOT / "examples" / "plans", ROOT / "examples" / "plans" / "counties"]
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            import_document(read_example(path))
    load_sample_values()
    return list(Value.objects.select_related("indicator__standard", "region"))


def catalogue_range(entry, sex: str, area: str) -> tuple[float, float] | None:
    if entry is None or entry.typical is None or entry.spread is None or unit_of(entry.unit).is_count:
        return None
    typical, spread = float(entry.typical), float(entry.spread)
    lo, hi = typical - SPREADS * spread, typical + SPREADS * spread
    # a cell by sex or area sits off the total by about the usual ratio (equal halves: 2r/(1+r))
    ratio = entry.female_male if sex != "total" else entry.urban_rural if area != "total" else None
    if ratio is not None:
        k = float(max(ratio, 1 / ratio)) * 1.05
        lo, hi = lo * 2 / (1 + k), hi * 2 * k / (1 + k)
    return lo, hi


def test_every_sample_value_of_the_demo_is_plausible_and_its_sides_follow_the_usual_ratio(demo_values):
    # One test: building the demo's plans and their values is the slow part.
    implausible_values(demo_values)
    sides_off_their_ratio(demo_values)


def implausible_values(demo_values):
    entries = {e.code: e for e in read_catalogue()}
    wrong = defaultdict(list)
    for v in demo_values:
        ind, x = v.indicator, float(v.value)
        unit = unit_of(ind.unit)
        entry = entries.get(ind.standard.code) if ind.standard_id else None
        bounds = catalogue_range(entry, v.sex, v.area)
        reasons = []
        if bounds and not bounds[0] <= x <= bounds[1]:
            reasons.append(f"outside {bounds[0]:.2f}–{bounds[1]:.2f}")
        if ind.unit in UNIT_RANGES and not UNIT_RANGES[ind.unit][0] <= x <= UNIT_RANGES[ind.unit][1]:
            reasons.append(f"outside what {ind.unit} allows for a population")
        if unit.high is not None and ind.better == "lower" and x >= float(unit.high):
            reasons.append("a rate that should fall at its ceiling")
        if unit.low is not None and ind.better == "higher" and x <= float(unit.low) and not unit.is_count:
            reasons.append("a rate that should rise at zero")
        if reasons:
            wrong[(ind.name, ind.unit)].append((v.region.name, v.year, v.sex, v.area, x, reasons[0]))
    assert not wrong, "\n".join(f"{name}（{unit}）: {len(vs)}, e.g. {vs[0]}" for (name, unit), vs in wrong.items())


def sides_off_their_ratio(demo_values):
    entries = {e.code: e for e in read_catalogue()}
    cells = defaultdict(dict)
    for v in demo_values:
        if v.indicator.standard_id and v.age_group == "":
            cells[(v.indicator.standard.code, v.region_id, v.year)][(v.sex, v.area)] = float(v.value)
    checked = 0
    for (code, _r, _y), group in cells.items():
        e = entries[code]
        for usual, a, b in ((e.female_male, ("female", "total"), ("male", "total")),
                            (e.urban_rural, ("total", "urban"), ("total", "rural"))):
            if usual is None or a not in group or not group.get(b) or unit_of(e.unit).is_count:
                continue
            if group[a] in (0, 100) or group[b] in (0, 100):   # a side held at its unit's bound
                continue
            assert group[a] / group[b] == pytest.approx(float(usual), rel=0.08), (e.name, group)
            checked += 1
    assert checked > 100
