"""Login throttling on every door, per account and per address, and atomic under simultaneous tries."""
from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from lianggang.accounts import throttle
from lianggang.accounts.models import LoginFailure

pytestmark = pytest.mark.django_db

DOORS = ["/accounts/login/", "/admin/login/"]
LOCKED = "登录失败次数过多"


@pytest.fixture
def people(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 10
    admin = User.objects.create_superuser("chief", password="right-pass-1")
    colleague = User.objects.create_user("colleague", password="right-pass-2", is_staff=True)
    return admin, colleague


def _post(client, door, username, password, **headers):
    return client.post(door, {"username": username, "password": password}, **headers)


@pytest.mark.parametrize("door", DOORS)
def test_an_account_is_locked_after_the_limit_even_with_the_right_password(people, door):
    client = Client()
    for _ in range(3):
        assert LOCKED not in _post(client, door, "chief", "wrong").content.decode()
    locked = _post(client, door, "chief", "right-pass-1")
    assert locked.status_code == 200 and LOCKED in locked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("door", DOORS)
def test_one_persons_typos_do_not_lock_out_colleagues_behind_the_same_address(people, door, settings):
    settings.CLIENT_ADDRESS_HEADER = "X-Real-IP"
    client = Client(REMOTE_ADDR="10.0.0.1")      # the office's reverse proxy
    for _ in range(4):
        _post(client, door, "chief", "wrong", HTTP_X_REAL_IP="192.168.1.20")
    response = _post(Client(REMOTE_ADDR="10.0.0.1"), door, "colleague", "right-pass-2",
                     HTTP_X_REAL_IP="192.168.1.21")
    assert response.status_code == 302


def test_an_address_trying_many_accounts_is_locked(people, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 4
    client = Client(REMOTE_ADDR="203.0.113.9")
    for name in ("a", "b", "c", "d"):
        _post(client, DOORS[0], name, "wrong")
    assert LOCKED in _post(client, DOORS[0], "colleague", "right-pass-2").content.decode()


def test_the_proxy_header_is_used_only_when_configured(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 192.168.1.7")
    assert throttle.client_address(request) == "10.0.0.1"
    settings.CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    assert throttle.client_address(request) == "192.168.1.7"
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address")
    assert throttle.client_address(request) == "10.0.0.1"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_tries_get_at_most_the_limit_of_password_checks(settings):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memory", ":memory")):
        pytest.skip("threads need a database file or server")
    settings.LOGIN_FAILURE_LIMIT = 5
    checked = []
    barrier = threading.Barrier(20)

    def attempt():
        barrier.wait()
        try:
            minutes, record = throttle.try_login("target", None)
            if not minutes:
                checked.append(record)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(checked) <= 5
    assert LoginFailure.objects.filter(username="target").count() == len(checked)
