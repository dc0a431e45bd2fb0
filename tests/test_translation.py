"""Model and choice labels and messages follow the interface language; official files stay Chinese."""
from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from lianggang.accounts.models import Role
from lianggang.monitoring import entry, services
from lianggang.monitoring.errors import WrongState
from lianggang.monitoring.models import Sex, Submission, SubmissionState, Value, ValueState
from lianggang.plans.models import Better
from tests.factories import make_world
from tests.web.conftest import add_targets

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _in(language: str, text) -> str:
    with translation.override(language):
        return str(text)


def _labels():
    """(where, label) for every verbose name, field label, help text and choice label of the project's models."""
    for model in apps.get_models():
        if not model.__module__.startswith("lianggang."):
            continue
        name = model._meta.label
        yield name, model._meta.verbose_name
        yield name, model._meta.verbose_name_plural
        for f in model._meta.get_fields():
            if f.auto_created or not f.concrete:
                continue
            yield f"{name}.{f.name}", f.verbose_name
            if f.help_text:
                yield f"{name}.{f.name} help", f.help_text
            for code, label in f.flatchoices:
                if label != code and label:      # Target's kind/op/unit: the code is the label
                    yield f"{name}.{f.name}={code}", label


def test_every_model_and_choice_label_has_an_english_translation():
    untranslated = [(where, _in("en", label)) for where, label in _labels()
                    if _in("en", label) == _in("zh-hans", label) and CHINESE.search(_in("zh-hans", label))]
    assert untranslated == []


def test_every_application_has_an_english_name_in_the_admin():
    from django.apps import apps
    ours = [a for a in apps.get_app_configs() if a.name.startswith("lianggang.")]
    assert ours and [a.name for a in ours if _in("en", a.verbose_name) == _in("zh-hans", a.verbose_name)] == []


def test_labels_are_english_in_english_and_chinese_by_default():
    year = Value._meta.get_field("year").verbose_name
    with translation.override("en"):
        assert str(year) == "Year"
        assert str(ValueState.APPROVED.label) == "Approved"
        assert str(SubmissionState.DRAFT.label) == "In progress"
        assert str(Sex.FEMALE.label) == "Female"
        assert str(Role.COMMITTEE.label) == "Committee office"
        assert str(Value._meta.get_field("is_sample").verbose_name) == "Sample data"
        assert Value(state=ValueState.RETURNED).get_state_display() == "Returned"
    with translation.override("zh-hans"):
        assert str(year) == "年度"
        assert str(ValueState.APPROVED.label) == "已审核"
        assert Value(sex=Sex.FEMALE).get_sex_display() == "女"


@pytest.mark.django_db
def test_the_indicator_page_in_english_shows_english_sex_state_and_direction(client):
    w = make_world()
    add_targets(w)
    Value.objects.create(indicator=w.indicators["births"], region=w.county_a, year=2022, sex=Sex.FEMALE,
                         value=Decimal(580), unit="人", state=ValueState.APPROVED)
    client.force_login(w.committee)
    url = reverse("web:indicator", args=[w.plan.pk, w.indicators["births"].pk])
    with translation.override("zh-hans"):     # the language the middleware picks stays inside the test
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Female" in html and "Approved" in html and "Higher is better" in html
    assert "已审核" not in html and "越高越好" not in html and ">女<" not in html
    assert "已审核" in chinese and "越高越好" in chinese and ">女<" in chinese


@pytest.mark.django_db
def test_the_entry_page_in_english_shows_the_english_state(client):
    w = make_world()
    sub = entry.submission_for(w.round, w.departments["health"])
    client.force_login(w.filler_health)
    with translation.override("zh-hans"):
        html = client.get(reverse("web:entry", args=[sub.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<strong data-testid="submission-state">In progress</strong>' in html
    labels = [fr.label for fr in client.get(reverse("web:entry", args=[sub.pk]),
                                             HTTP_ACCEPT_LANGUAGE="en").context["rows"]]
    assert "Female" in labels and "女" not in labels   # the cells by sex, named in the page's language


@pytest.mark.django_db
def test_the_history_csv_stays_chinese_during_an_english_request_and_refusals_speak_english():
    w = make_world()
    births = w.indicators["births"]
    with translation.override("en"):
        entry.enter_value(w.filler_health, w.round, births, "580", sex=Sex.FEMALE, reason="首次填报")
        out = io.StringIO()
        assert services.write_history_csv(w.committee, Value.objects.filter(indicator=births), out) == 1
        row = out.getvalue().splitlines()[1].split(",")
        assert row[4:6] == ["女", "合计"]                          # 性别, 城乡: the official Chinese words
        assert "Female" not in out.getvalue() and "Total" not in out.getvalue()

        sub = Submission.objects.get(round=w.round, department=w.departments["health"])
        Submission.objects.filter(pk=sub.pk).update(state=SubmissionState.SUBMITTED)
        with pytest.raises(WrongState) as refused:
            entry.enter_value(w.filler_health, w.round, births, "590", sex=Sex.FEMALE, expected_version=1)
        # the page's language throughout, state included (not "本单位填报Submitted")
        assert refused.value.message == ("Your department's submission cannot be changed "
                                         "(status: Submitted, awaiting review)")
    with translation.override("zh-hans"), pytest.raises(WrongState) as refused:
        entry.enter_value(w.filler_health, w.round, births, "590", sex=Sex.FEMALE, expected_version=1)
    assert refused.value.message == "本单位填报已报送，不能修改（待审核）"


def test_the_direction_of_an_indicator_is_a_label_not_a_stored_word():
    """The stored codes do not change with the language (only labels are translated)."""
    with translation.override("en"):
        assert Better.HIGHER == "higher" and ValueState.APPROVED == "approved" and Sex.FEMALE == "female"


@pytest.mark.parametrize("sex, area, age, chinese, english", [
    ("total", "total", "", "合计", "Total"),
    ("female", "total", "", "女", "Female"),
    ("total", "rural", "", "乡村", "Rural"),
    ("male", "urban", "15-49岁", "男 城镇 15-49岁", "Male Urban 15-49岁"),
])
def test_a_cell_is_named_once_in_the_active_language(sex, area, age, chinese, english):
    from lianggang.monitoring.models import cell_label
    with translation.override("zh-hans"):
        assert cell_label(sex, area, age) == chinese
    with translation.override("en"):
        assert cell_label(sex, area, age) == english


@pytest.mark.django_db
def test_statuses_are_english_on_english_pages_and_chinese_in_reports(client):
    from lianggang.reports.build import build_report
    w = make_world()
    add_targets(w)
    client.force_login(w.committee)
    with translation.override("zh-hans"):
        english = client.get(reverse("web:dashboard", args=[w.plan.pk]), HTTP_ACCEPT_LANGUAGE="en")
    statuses = {r.status for r in english.context["pa"].results}
    assert statuses
    html = english.content.decode()
    english_words = {s.en for s in statuses}
    chinese_words = {s.zh for s in statuses}
    assert all(f">{word}<" in html for word in english_words)
    assert not any(f">{word}<" in html for word in chinese_words)
    with translation.override("en"):   # a report asked for from an English page
        report = build_report("annual", w.plan, w.county_a, 2022, "html")[0].decode()
    assert any(word in report for word in chinese_words)
    assert not any(word in report for word in english_words)


@pytest.mark.django_db
def test_a_values_history_names_its_acts_in_the_page_language(client):
    w = make_world()
    add_targets(w)
    births = w.indicators["births"]
    entry.enter_value(w.filler_health, w.round, births, "580", reason="首次填报")
    client.force_login(w.committee)
    url = reverse("web:indicator", args=[w.plan.pk, births.pk])
    with translation.override("zh-hans"):
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Entered:" in english and "填报:" in chinese
    assert "value.entered" not in english + chinese           # never the code the services store


@pytest.mark.django_db
def test_explanations_are_english_on_english_pages_and_chinese_in_reports(client):
    w = make_world()
    add_targets(w)
    client.force_login(w.committee)
    with translation.override("zh-hans"):
        english = client.get(reverse("web:dashboard", args=[w.plan.pk]), HTTP_ACCEPT_LANGUAGE="en")
        chinese = client.get(reverse("web:dashboard", args=[w.plan.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    judged = [r for r in english.context["pa"].results if r.status != "no_data"]
    assert judged, "the world has values to judge"
    with translation.override("en"):
        english_reasons = [r.reason for r in judged]
    with translation.override("zh-hans"):
        chinese_reasons = [r.reason for r in judged]
    assert all(not CHINESE.search(s) for s in english_reasons)
    html, html_zh = english.content.decode(), chinese.content.decode()
    from django.utils.html import escape
    assert all(escape(s) in html for s in english_reasons) and not any(escape(s) in html for s in chinese_reasons)
    assert all(escape(s) in html_zh for s in chinese_reasons)
