"""The demo's committee records: reports in each state, the accepted self-assessment in the final
report of the showcase plan, funds against the minimum, a meeting with minutes, a visit; built twice,
nothing duplicated."""
import pytest

from lianggang.committee.models import (Attachment, FundMinimum, FundRecord, ImplementationReport, Meeting,
                                        ReportState, SupervisionVisit)
from lianggang.demo.build import build_demo

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_the_demo_has_the_committees_work_woven_into_the_final_report(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    build_demo(plans_from="gold")
    from lianggang.demo.people import SHOWCASE_YEAR, showcase_plan
    from lianggang.reports.build import build_report
    from tests.reports.helpers import docx_text

    states = sorted(ImplementationReport.objects.values_list("state", flat=True))
    assert states == [ReportState.ACCEPTED, ReportState.SUBMITTED, ReportState.SUBMITTED]
    accepted = ImplementationReport.objects.get(state=ReportState.ACCEPTED)
    assert accepted.self_assessments.exists()
    assert FundMinimum.objects.filter(plan__region__code="330400").exists()   # gold plans keep no text to read
    assert Meeting.objects.count() == 2 and Attachment.objects.filter(meeting__isnull=False).count() == 1
    counts = (ImplementationReport.objects.count(), Meeting.objects.count(), FundRecord.objects.count(),
              SupervisionVisit.objects.count(), Attachment.objects.count())
    plan = showcase_plan()
    data, _name, _type = build_report("final", plan, plan.region, SHOWCASE_YEAR, "docx")
    text = docx_text(data)
    assert f"{accepted.department.name}对承担的" in text and "（待" not in text
    build_demo(plans_from="gold")
    assert counts == (ImplementationReport.objects.count(), Meeting.objects.count(), FundRecord.objects.count(),
                      SupervisionVisit.objects.count(), Attachment.objects.count())
