import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from lianggang.evaluation.services import latest_year
from lianggang.monitoring.sample import load_sample_values
from tests.reports.helpers import docx_text


@pytest.mark.django_db
def test_an_unknown_plan_is_one_chinese_line_and_exit_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit:
        call_command("report", "annual", "--plan", "999999", "--region", "000000", "--year", "2023",
                     "-o", str(tmp_path / "x.docx"))
    assert exit.value.code == 2
    assert "找不到编号为 999999 的纲要" in capsys.readouterr().err


@pytest.fixture
def small_plan(seed_plans):
    """The seed plan with the fewest indicators and no sub-regions, with sample values."""
    plan = min((p for p in seed_plans if not p.region.children.exists()), key=lambda p: p.indicators.count())
    load_sample_values(plans=[plan])
    return plan, latest_year(plan, plan.region)


def run(kind, plan, year, out, *extra):
    call_command("report", kind, "--plan", str(plan.pk), "--region", plan.region.code, "--year", str(year),
                 "-o", str(out), *extra)


@pytest.mark.django_db
def test_every_kind_is_written_to_the_file_asked(small_plan, tmp_path, capsys):
    plan, year = small_plan
    run("annual", plan, year, tmp_path / "a.docx")
    run("midterm", plan, year, tmp_path / "m.html", "--format", "html")
    run("final", plan, plan.end_year, tmp_path / "f.docx", "--format", "docx")
    run("tables", plan, year, tmp_path / "t.xlsx")   # xlsx is the default for tables
    assert f"{year}年统计监测报告" in docx_text((tmp_path / "a.docx").read_bytes())
    assert "中期评估报告" in (tmp_path / "m.html").read_text(encoding="utf-8")
    assert "终期评估报告" in docx_text((tmp_path / "f.docx").read_bytes())
    assert "分地区" in load_workbook(io.BytesIO((tmp_path / "t.xlsx").read_bytes())).sheetnames
    assert capsys.readouterr().out.count("已生成") == 4


@pytest.mark.django_db
def test_an_annual_report_as_xlsx_is_refused_with_exit_2(small_plan, tmp_path, capsys):
    plan, year = small_plan
    with pytest.raises(SystemExit) as exit:
        run("annual", plan, year, tmp_path / "a.xlsx", "--format", "xlsx")
    assert exit.value.code == 2
    assert "统计资料" in capsys.readouterr().err
    assert not (tmp_path / "a.xlsx").exists()
