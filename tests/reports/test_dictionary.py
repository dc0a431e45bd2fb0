"""指标解释: every indicator the shipped plans use is explained; the explanation reaches the Excel form's
notes sheet, the data dictionary (command and download) and the statistical tables' 数据来源."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from lianggang.monitoring import excel
from lianggang.plans.models import Indicator, Plan, StandardIndicator, Target
from lianggang.plans.services import import_document
from tests.commands import run
from tests.conftest import read_example
from tests.factories import make_world
from tests.plans.test_shipped_plans import SHIPPED

pytestmark = pytest.mark.django_db


@pytest.fixture
def explained_world(catalogue):
    """make_world with 婴儿死亡率 matched to its catalogue entry (whose explanation it has not copied)."""
    world = make_world()
    standard = StandardIndicator.objects.get(name="婴儿死亡率")
    Indicator.objects.filter(pk=world.indicators["imr"].pk).update(standard=standard, definition="", method="",
                                                                    data_source="")
    return world, standard


@pytest.mark.slow
def test_no_catalogue_entry_used_by_the_shipped_plans_lacks_an_explanation(regions, catalogue):
    for path in SHIPPED:
        import_document(read_example(path))
    used = StandardIndicator.objects.filter(indicators__targets__isnull=False).distinct()
    assert used.count() > 50
    lacking = [s.name for s in used if not (s.definition and s.method and s.data_source)]
    assert lacking == []
    # and every matched monitoring indicator shows them (copied on load, or read through)
    matched = Indicator.objects.filter(targets__in=Target.objects.all(), standard__isnull=False).distinct()
    assert all(i.explained("definition") and i.explained("data_source") for i in matched)


def test_an_indicator_reads_its_catalogue_entry_unless_it_has_its_own_text(explained_world):
    world, standard = explained_world
    imr = Indicator.objects.get(pk=world.indicators["imr"].pk)
    assert imr.explained("definition") == standard.definition
    imr.definition = "本市口径：户籍人口。"
    assert imr.explained("definition") == "本市口径：户籍人口。"
    assert Indicator.objects.get(pk=world.indicators["orphan"].pk).explained("method") == ""


def test_the_excel_form_carries_a_notes_sheet_with_each_indicator_explained(explained_world):
    world, standard = explained_world
    wb = load_workbook(io.BytesIO(excel.build_template(world.round, world.departments["health"])))
    notes = wb["指标解释"]
    rows = {r[0]: r for r in notes.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"婴儿死亡率", "孕产妇死亡率", "出生人口数"}
    assert rows["婴儿死亡率"][1:] == ("‰", standard.definition, standard.method, standard.data_source)


def test_export_dictionary_writes_the_catalogue_or_a_plans_indicators(explained_world, tmp_path):
    world, standard = explained_world
    path = tmp_path / "dictionary.xlsx"
    code, out, err = run("export_dictionary", str(path))
    assert code == 0, err
    rows = list(load_workbook(path).active.iter_rows(min_row=4, values_only=True))
    assert len(rows) == StandardIndicator.objects.count()
    assert (standard.code, "婴儿死亡率", "‰", standard.definition) in {r[:4] for r in rows}

    code, out, err = run("export_dictionary", str(path), "--plan", str(world.plan.pk))
    assert code == 0, err
    rows = {r[1]: r for r in load_workbook(path).active.iter_rows(min_row=4, values_only=True)}
    assert set(rows) == {i.name for i in world.plan.indicators}
    assert rows["婴儿死亡率"][4] == standard.method


def test_export_dictionary_refuses_an_unknown_plan_and_a_file_that_is_no_xlsx(tmp_path):
    assert run("export_dictionary", str(tmp_path / "d.xlsx"), "--plan", "999")[0] == 2
    code, _out, err = run("export_dictionary", str(tmp_path / "d.csv"))
    assert code == 2 and ".xlsx" in err


def test_the_plan_page_offers_the_dictionary_as_a_download(explained_world, client):
    world, standard = explained_world
    client.force_login(world.committee)
    page = client.get(f"/plans/{world.plan.pk}/").content.decode()
    assert f"/plans/{world.plan.pk}/dictionary.xlsx" in page
    response = client.get(f"/plans/{world.plan.pk}/dictionary.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert standard.definition in [c.value for c in sheet["D"]]
    other = Plan.objects.create(title="外地规划", subject="children", region=world.province, region_name="x",
                                start_year=2021, end_year=2030, source="other")
    client.force_login(world.filler_b)
    assert client.get(f"/plans/{other.pk}/dictionary.xlsx").status_code in (403, 404)


def test_the_statistical_tables_name_the_catalogue_source_when_the_indicator_has_none(explained_world):
    from lianggang.reports.tables import _data_source
    world, standard = explained_world
    assert _data_source(Indicator.objects.get(pk=world.indicators["imr"].pk)) == standard.data_source
