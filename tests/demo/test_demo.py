import pytest
from django.contrib.auth import get_user_model

from lianggang.demo.build import build_demo
from lianggang.plans.models import Plan, Target

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_the_demo_holds_the_nine_seed_plans_and_an_administrator():
    report = build_demo(plans_from="gold")
    assert Plan.objects.count() == 9
    assert Target.objects.count() > 600
    username, password = report.logins[0][1:]
    assert get_user_model().objects.get(username=username).check_password(password)


@pytest.mark.slow
def test_building_the_demo_twice_duplicates_nothing():
    build_demo(plans_from="gold")
    counts = (Plan.objects.count(), Target.objects.count())
    build_demo(plans_from="gold")
    assert (Plan.objects.count(), Target.objects.count()) == counts
