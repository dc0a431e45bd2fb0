"""The scripts' words follow the page's language: entry.js and charts.js write none of their own.

The templates render the sentences (gettext, the one django.po catalogue) into data-* attributes
with {placeholders} the script fills in; the chart's JSON carries each point's flags by name.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from lianggang.lib.units import UNITS, unit_of
from lianggang.monitoring import rules
from lianggang.monitoring.models import Value
from lianggang.monitoring.rules import Cell, IndicatorMeta
from lianggang.monitoring.services import submission_for

STATIC = Path(__file__).resolve().parents[2] / "lianggang" / "web" / "static" / "web"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
ALL_FLAGS = {"provisional": True, "estimated": True, "revised": True, "series_break": True, "is_sample": True}
ENGLISH_FLAGS = ["Provisional", "Estimated", "Revised", "Series break", "Sample data"]
CHINESE_FLAGS = ["初步数", "估计数", "修订数", "口径变化", "示例数据"]


class _Attributes(HTMLParser):
    """The attributes of the elements with the given ids or data-chart kinds, and the JSON scripts' text."""

    def __init__(self):
        super().__init__()
        self.by_key, self.scripts, self._script = {}, {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        key = a.get("id") if tag == "form" else a.get("data-chart")
        if key:
            self.by_key[key] = a
        self._script = a.get("id") if tag == "script" and a.get("type") == "application/json" else None

    def handle_data(self, data):
        if self._script:
            self.scripts[self._script] = self.scripts.get(self._script, "") + data

    def handle_endtag(self, tag):
        self._script = None


def _page(client, url: str, language: str) -> _Attributes:
    with translation.override("zh-hans"):     # the language the middleware picks stays inside the test
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    parsed = _Attributes()
    parsed.feed(response.content.decode())
    return parsed


def _fill(sentence: str, **params) -> str:
    """What the scripts do with a sentence of the page: {name} replaced by the value given."""
    return re.sub(r"\{(\w+)\}", lambda m: str(params[m.group(1)]), sentence)


# The inline checks of entry.js and the server's check of the same text, in each language.
CHECKS = [
    ("not-a-number", IndicatorMeta("婴儿死亡率", "‰"), "4.8。", {"text": "4.8。"}),
    ("range", IndicatorMeta("学前教育毛入园率", "%"), "120.5", {"unit": "%", "low": "0", "high": "100", "value": "120.5"}),
    ("range", IndicatorMeta("婴儿死亡率", "‰"), "1200", {"unit": "‰", "low": "0", "high": "1000", "value": "1200"}),
    ("non-negative", IndicatorMeta("孕产妇死亡率", "1/10万"), "-3", {"value": "-3"}),
    ("whole-count", IndicatorMeta("出生人口数", "人"), "3.5", {"unit": "人", "value": "3.5"}),
    ("too-large", IndicatorMeta("出生人口数", "人"), "100000000000000", {"value": "100000000000000", "digits": 14}),
    ("too-precise", IndicatorMeta("婴儿死亡率", "‰"), "0.0000001", {"value": "0.0000001", "places": 6}),
]


@pytest.mark.django_db
def test_the_entry_pages_inline_messages_are_the_servers_in_the_pages_language(client, web_world):
    sub = submission_for(web_world.round, web_world.departments["health"])
    client.force_login(web_world.filler_health)
    url = reverse("web:entry", args=[sub.pk])
    english = _page(client, url, "en").by_key["entry-form"]
    chinese = _page(client, url, "zh-hans").by_key["entry-form"]
    assert english["data-msg-not-a-number"] == "“{text}” is not a number"
    assert chinese["data-msg-not-a-number"] == "“{text}”不是数字"
    assert english["data-msg-range"] == "A value in {unit} must be between {low} and {high}; the value entered is {value}"
    assert chinese["data-msg-range"] == "单位为{unit}的数值应在{low}到{high}之间，填报值为{value}"
    for name, meta, text, params in CHECKS:
        for language, form in (("en", english), ("zh-hans", chinese)):
            with translation.override(language):
                server = [f.message for f in rules.validate_cell(meta, Cell(), text)]
            assert server == [_fill(form[f"data-msg-{name}"], **params)], (name, language)
        assert not CHINESE.search(english[f"data-msg-{name}"])


@pytest.mark.django_db
def test_the_chart_speaks_the_pages_language_and_names_every_flag_of_a_point(client, web_world):
    w = web_world
    Value.objects.filter(indicator=w.indicators["imr"], region=w.county_a, year=2022).update(**ALL_FLAGS)
    Value.objects.filter(indicator=w.indicators["imr"], region=w.county_a, year=2021).update(provisional=True)
    client.force_login(w.committee)
    url = reverse("web:indicator", args=[w.plan.pk, w.indicators["imr"].pk]) + "?year=2022"
    english, chinese = _page(client, url, "en"), _page(client, url, "zh-hans")

    points = {p["year"]: p for p in json.loads(english.scripts["trend-data"])["series"]}
    assert points[2022]["flags"] == ["estimated", "provisional", "revised", "sample", "series_break"]
    assert points[2022]["flag_labels"] == ENGLISH_FLAGS
    assert points[2021]["flag_labels"] == ["Provisional"] and points[2020]["flag_labels"] == []
    chinese_points = {p["year"]: p for p in json.loads(chinese.scripts["trend-data"])["series"]}
    assert chinese_points[2022]["flag_labels"] == CHINESE_FLAGS

    trend, zh = english.by_key["trend"], chinese.by_key["trend"]
    assert _fill(trend["data-point-flags"], year=2022, value="5.4‰", flags=trend["data-sep"].join(ENGLISH_FLAGS)) == \
        "2022: 5.4‰ (Provisional, Estimated, Revised, Series break, Sample data)"
    assert _fill(zh["data-point-flags"], year=2022, value="5.4‰", flags=zh["data-sep"].join(CHINESE_FLAGS)) == \
        "2022年：5.4‰（初步数、估计数、修订数、口径变化、示例数据）"
    assert _fill(trend["data-point"], year=2020, value="6‰") == "2020: 6‰"
    assert _fill(zh["data-point"], year=2020, value="6‰") == "2020年：6‰"
    assert trend["data-target"] == "Target: {target}" and zh["data-target"] == "目标 {target}"
    assert trend["data-empty"] == "No approved data yet" and zh["data-empty"] == "暂无已审核的数据"
    words = {k: v for k, v in trend.items() if k.startswith("data-") and k not in ("data-chart", "data-source")}
    assert len(words) == 5 and not [v for v in words.values() if CHINESE.search(v)]


@pytest.mark.django_db
def test_the_sub_region_chart_speaks_the_pages_language(client, web_world):
    from lianggang.regions.models import RegionLevel
    from tests.factories import make_region

    w = web_world
    town = make_region("150203001", "甲街道", RegionLevel.TOWNSHIP, w.county_a)
    Value.objects.create(indicator=w.indicators["imr"], region=town, year=2022, value=Decimal("5.1"),
                         unit="‰", state="approved")
    client.force_login(w.committee)
    url = reverse("web:indicator", args=[w.plan.pk, w.indicators["imr"].pk]) + "?year=2022"
    english, chinese = _page(client, url, "en"), _page(client, url, "zh-hans")
    assert json.loads(english.scripts["bars-data"])["bars"] == [{"label": "甲街道", "value": 5.1}]
    assert english.by_key["bars"]["data-bar"] == "{region}: {value}"
    assert chinese.by_key["bars"]["data-bar"] == "{region}：{value}"
    assert english.by_key["bars"]["data-empty"] == "No approved 2022 data from the sub-regions yet"
    assert chinese.by_key["bars"]["data-empty"] == "下级地区尚无2022年已审核的数据"   # whose year, in words


def _string_literals(js: str) -> list[str]:
    js = re.sub(r"/\*.*?\*/", "", js, flags=re.S)
    js = re.sub(r"^\s*//.*$|\s//\s.*$", "", js, flags=re.M)
    return re.findall(r'"((?:[^"\\\n]|\\.)*)"', js)


@pytest.mark.parametrize("script", sorted(p.name for p in STATIC.glob("*.js")))
def test_the_scripts_write_no_chinese_words_of_their_own(script):
    """Chinese in a script is only a unit as the indicators store it (人, 1/10万 …), never a sentence."""
    units = set(UNITS) | {u.zh for u in UNITS.values()}
    chinese = [s for s in _string_literals((STATIC / script).read_text(encoding="utf-8")) if CHINESE.search(s)]
    assert [s for s in chinese if s not in units] == []


@pytest.mark.django_db
def test_the_entry_script_knows_no_unit_each_input_carries_its_units_bounds(client, web_world):
    js = (STATIC / "entry.js").read_text(encoding="utf-8")
    assert not [s for s in _string_literals(js) if s in UNITS]
    sub = submission_for(web_world.round, web_world.departments["health"])
    client.force_login(web_world.filler_health)
    html = client.get(reverse("web:entry", args=[sub.pk])).content.decode()
    inputs = re.findall(r'<input type="text" inputmode="decimal"[^>]*>', html)
    assert inputs
    for tag in inputs:
        unit = unit_of(re.search(r'data-unit="([^"]*)"', tag).group(1))
        assert re.search(r'data-low="([^"]*)"', tag).group(1) == ("" if unit.low is None else str(unit.low))
        assert re.search(r'data-high="([^"]*)"', tag).group(1) == ("" if unit.high is None else str(unit.high))
        assert ("data-whole" in tag) is unit.whole
