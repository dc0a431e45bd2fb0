"""What makes a report look official and say the truth about itself: the region's own name in its
title and file name, evaluations only for their years, a summary table whose counts add up, page
numbers in docx and PDF, Word's heading styles in the official faces, tables the text's width."""
from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from docx import Document as DocxDocument
from docx.oxml.ns import qn

from lianggang.assessment.model import Status
from lianggang.evaluation.services import assess_plan, latest_year
from lianggang.monitoring.sample import load_sample_values
from lianggang.reports import content, render_docx
from lianggang.reports.build import ReportError, build_report
from lianggang.reports.summary import status_table
from lianggang.reports.titles import report_title
from tests.reports.helpers import docx_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def sampled(seed_plans):
    plan = next(p for p in seed_plans if p.region.children.exists())
    load_sample_values(plans=[plan])
    return plan, latest_year(plan, plan.region)


# -- the region's own name -------------------------------------------------------------

def test_a_report_on_a_sub_region_carries_that_regions_name_in_title_and_file_name(sampled):
    plan, year = sampled
    county = plan.region.children.order_by("code").first()
    data, name, _type = build_report("annual", plan, county, year, "docx")
    title = docx_text(data).splitlines()[0]
    assert title.startswith(county.name) and name.startswith(county.name)
    assert plan.title in title                       # and it says which plan it is judged against
    assert name == f"{county.name}《{plan.title}》{year}年统计监测报告.docx"
    assert not title.startswith(plan.region.name)


def test_a_report_on_the_plans_own_region_is_titled_by_the_plan(sampled):
    plan, year = sampled
    _data, name, _type = build_report("midterm", plan, plan.region, year, "html")
    assert name == f"{plan.title}中期评估报告（{year}年）.html"


def test_a_title_names_the_region_when_the_plan_title_does_not(seed_plans):
    plan = seed_plans[0]
    plan.title = "妇女发展规划（2021—2030年）"
    assert report_title(plan, plan.region, 2024, "统计监测报告") == f"{plan.region.name}妇女发展规划（2021—2030年）2024年统计监测报告"


# -- years an evaluation may be of -----------------------------------------------------

@pytest.mark.parametrize("kind, offset, words", [
    ("final", -1, "终期评估针对规划期末年份"), ("final", +3, "终期评估针对规划期末年份"),
    ("midterm", 0, "中期评估只能针对规划期中的年份"), ("midterm", 20, "中期评估只能针对规划期中的年份"),
])
def test_an_evaluation_outside_its_years_is_refused_with_the_years_it_may_be_of(seed_plans, kind, offset, words):
    plan = seed_plans[0]
    year = (plan.end_year if kind == "final" else plan.start_year) + offset
    with pytest.raises(ReportError, match=words) as refused:
        build_report(kind, plan, plan.region, year, "docx")
    assert f"{plan.start_year}—{plan.end_year}年" in str(refused.value)


def test_a_midterm_inside_the_period_and_a_final_of_the_last_year_are_built(seed_plans):
    plan = seed_plans[0]
    assert build_report("midterm", plan, plan.region, plan.start_year + 1, "html")[0]
    assert build_report("final", plan, plan.region, plan.end_year, "html")[0]


# -- the opening summary table ---------------------------------------------------------

def test_the_summary_table_opens_each_report_and_its_counts_add_up_to_the_totals(sampled):
    plan, year = sampled
    pa = assess_plan(plan, plan.region, year)
    for doc in (content.annual(pa, charts=False), content.midterm(pa)):
        table = doc.sections[0].tables[0]
        assert table.kind == "summary"
        statuses = table.header[2:-1]
        order = [s.zh for s in Status]                            # the core's order, best first
        assert statuses == sorted(statuses, key=order.index)
        *domains, total = table.rows
        assert [row[0] for row in domains] == [d.name for d, _s in pa.by_domain] and total[0] == "合计"
        for row, (_d, s) in zip(table.rows, [*pa.by_domain, (None, pa.summary)]):
            counts = [int(c) for c in row[2:-1]]
            assert int(row[1]) == s.total == sum(counts)          # every target is in one status column
        assert int(total[1]) == len(pa.results)
        for col in range(2, len(table.header) - 1):               # the domains add up to the total row
            assert sum(int(row[col]) for row in domains) == int(total[col])


def test_the_summary_table_takes_the_services_counts_as_they_are(sampled):
    plan, year = sampled
    pa = assess_plan(plan, plan.region, year)
    total = status_table(pa).rows[-1]
    header = status_table(pa).header
    for status in Status:
        if status.zh in header:
            assert total[header.index(status.zh)] == str(pa.summary.count(status))
        else:                                                   # a column left out is one nobody counts
            assert pa.summary.count(status) == 0


# -- the year of each figure -------------------------------------------------------------

def test_a_figure_from_an_earlier_year_says_its_year(sampled):
    plan, year = sampled
    assert plan.start_year < year + 1 < plan.end_year
    pa = assess_plan(plan, plan.region, year + 1)           # no values yet for the year after the latest
    doc = content.midterm(pa)
    tables = [t for sec in content.walk(doc.sections) for t in sec.tables if "最新值" in t.header]
    cells = [row[t.header.index("最新值")] for t in tables for row in t.rows]
    dated = [c for c in cells if c != "—"]
    assert dated and all(c.endswith(f"（{year}年）") for c in dated)


# -- page numbers, heading styles, table width --------------------------------------------

def _small_annual(seed_plans):
    plan = min((p for p in seed_plans if not p.region.children.exists()), key=lambda p: p.indicators.count())
    load_sample_values(plans=[plan])
    return plan, latest_year(plan, plan.region)


def test_the_docx_numbers_its_pages_in_the_footer_with_a_page_field(seed_plans):
    plan, year = _small_annual(seed_plans)
    doc = DocxDocument(io.BytesIO(build_report("final", plan, plan.region, plan.end_year, "docx")[0]))
    footer = doc.sections[0].footer._element
    instructions = [t.text.strip() for t in footer.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    assert [c.get(qn("w:fldCharType")) for c in footer.iter(qn("w:fldChar"))] == ["begin", "separate", "end"]


def test_the_docx_headings_use_word_heading_styles_in_the_official_faces(sampled):
    plan, year = sampled
    pa = assess_plan(plan, plan.region, year)
    doc = DocxDocument(io.BytesIO(render_docx.render(content.annual(pa, charts=False))))
    by_text = {p.text: p.style.name for p in doc.paragraphs}
    assert by_text["一、总体情况"] == "Heading 1"
    first_domain = f"（一）{pa.by_domain[0][0].name}"
    assert by_text[first_domain] == "Heading 2"
    assert any(style == "Heading 3" and text.startswith("1. ") for text, style in by_text.items())
    faces = {name: doc.styles[name].element.rPr.rFonts.get(qn("w:eastAsia")) for name in ("Heading 1", "Heading 2")}
    assert faces == {"Heading 1": "黑体", "Heading 2": "楷体_GB2312"}
    assert doc.styles["Heading 1"].font.color.rgb == (0, 0, 0)
    for table in doc.tables:                                 # every table spans the text width
        width = table._tbl.tblPr.find(qn("w:tblW"))
        assert (width.get(qn("w:type")), width.get(qn("w:w"))) == ("pct", "5000")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_the_pdf_numbers_its_pages(seed_plans, tmp_path):
    plan, year = _small_annual(seed_plans)
    pdf = tmp_path / "f.pdf"
    pdf.write_bytes(build_report("final", plan, plan.region, plan.end_year, "pdf")[0])
    pages = int(next(line.split()[-1] for line in subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                                    text=True).stdout.splitlines()
                     if line.startswith("Pages:")))
    assert pages >= 2
    for n in (1, pages):
        text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                              capture_output=True, text=True).stdout
        assert re.search(rf"—\s*{n}\s*—\s*$", text.strip()), text[-200:]   # "— 1 —" at the page's foot
