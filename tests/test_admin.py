"""The admin, in Chinese, lists every model."""
import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_with_plans(client, django_user_model, seed_plans):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw-for-tests-only")
    client.force_login(user)
    return client


def test_every_registered_model_has_a_working_list_and_search(admin_client_with_plans):
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = admin_client_with_plans.get(url, {"q": "率"} if admin.site._registry[model].search_fields else {})
        assert response.status_code == 200, url


def test_the_admin_speaks_chinese(admin_client_with_plans):
    page = admin_client_with_plans.get(reverse("admin:index")).content.decode()
    assert "两纲监测评估系统" in page and "纲要" in page


def test_a_plan_page_shows_its_domains(admin_client_with_plans, seed_plans):
    plan = seed_plans[0]
    page = admin_client_with_plans.get(reverse("admin:plans_plan_change", args=[plan.pk])).content.decode()
    assert plan.domains.first().name in page
