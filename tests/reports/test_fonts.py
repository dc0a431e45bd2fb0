"""Reports find the CJK font themselves — also when matplotlib's font cache predates the font — and a
machine without one gets a readable Chinese message (HTTP 503, exit 2), never a server error."""
import os

import pytest
from django.core.management import call_command
from django.urls import reverse
from matplotlib import font_manager

from lianggang.reports import fonts
from lianggang.reports.build import ReportUnavailable, build_report
from lianggang.reports.fonts import FontNotFound, cjk_font


@pytest.fixture
def fresh_lookup():
    cjk_font.cache_clear()
    fonts.fontconfig_has_cjk.cache_clear()
    yield
    cjk_font.cache_clear()
    fonts.fontconfig_has_cjk.cache_clear()


@pytest.fixture
def stale_cache(monkeypatch, fresh_lookup):
    """matplotlib's font list as cached before fonts-noto-cjk was installed: no CJK font in it."""
    stale = [e for e in font_manager.fontManager.ttflist if not any(n in e.name for n in ("CJK", "Han", "WenQuanYi"))]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", stale)


def test_a_cjk_font_is_found_on_this_machine(fresh_lookup):
    name, path = cjk_font()
    assert name and os.path.isfile(path)


@pytest.mark.skipif(not fonts.font_files(), reason="no CJK font file installed")
def test_a_font_installed_after_matplotlibs_cache_is_found_by_its_file(stale_cache):
    name, path = cjk_font()
    assert path in fonts.font_files() and name in {e.name for e in font_manager.fontManager.ttflist}
    from lianggang.reports.charts import _TrendTemplate
    assert _TrendTemplate().font == name            # and charts draw with it


def test_without_any_cjk_font_the_error_says_what_to_install(stale_cache, monkeypatch):
    monkeypatch.setattr(fonts, "font_files", lambda: [])
    with pytest.raises(FontNotFound, match="fonts-noto-cjk"):
        cjk_font()


def test_the_pdf_names_the_font_file_when_fontconfig_knows_none(monkeypatch, fresh_lookup):
    monkeypatch.setattr(fonts, "_from_fontconfig", lambda: [])
    css = fonts.pdf_font_css()
    assert css.startswith("@font-face") and cjk_font()[1] in css


def _no_font(*args, **kwargs):
    raise FontNotFound()


@pytest.mark.django_db
def test_a_report_without_a_font_is_a_report_error_not_a_crash(seed_plans, monkeypatch):
    from lianggang.reports import charts
    monkeypatch.setattr(charts, "draw_all", _no_font)
    plan = seed_plans[0]
    from lianggang.monitoring.sample import load_sample_values
    load_sample_values(plans=[plan])
    with pytest.raises(ReportUnavailable, match="未找到中文字体"):
        build_report("annual", plan, plan.region, plan.start_year + 2, "docx")


@pytest.mark.django_db
def test_the_report_page_answers_503_with_the_message(client, monkeypatch):
    from lianggang.reports import charts
    from tests.factories import make_world
    from tests.web.conftest import add_targets

    world = make_world()
    add_targets(world)
    monkeypatch.setattr(charts, "draw_all", _no_font)
    client.force_login(world.statistics)
    response = client.get(reverse("web:report-download"),
                          {"plan": world.plan.pk, "year": 2022, "kind": "annual", "format": "docx"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "未找到中文字体" in page and "fonts-noto-cjk" in page
    assert 'name="kind"' in page and "统计监测报告" in page       # the form is still there to try again


@pytest.mark.django_db
def test_the_command_says_so_in_one_line_and_exits_2(seed_plans, monkeypatch, tmp_path, capsys):
    from lianggang.monitoring.sample import load_sample_values
    from lianggang.reports import charts
    monkeypatch.setattr(charts, "draw_all", _no_font)
    plan = seed_plans[0]
    load_sample_values(plans=[plan])
    with pytest.raises(SystemExit) as exit:
        call_command("report", "annual", "--plan", str(plan.pk), "--region", plan.region.code,
                     "--year", str(plan.start_year + 2), "-o", str(tmp_path / "a.docx"))
    assert exit.value.code == 2
    assert "未找到中文字体" in capsys.readouterr().err and not (tmp_path / "a.docx").exists()


def test_a_font_file_named_in_the_environment_must_exist(monkeypatch, fresh_lookup):
    monkeypatch.setenv("LIANGGANG_CJK_FONT", "/nonexistent/字体.ttc")
    with pytest.raises(FontNotFound, match="LIANGGANG_CJK_FONT"):
        cjk_font()


@pytest.mark.skipif(not fonts.font_files(), reason="no CJK font file installed")
def test_a_font_file_named_in_the_environment_is_the_one_used(monkeypatch, fresh_lookup):
    path = fonts.font_files()[-1]
    monkeypatch.setenv("LIANGGANG_CJK_FONT", path)
    assert cjk_font()[1] == path
