"""Typed readers of the environment: a malformed value stops the start-up with a line naming the
variable; reading never writes; only the explicit step writes the local secret key."""
from __future__ import annotations

import re
import stat

import pytest

from lianggang.lib.env import ConfigError, env_bool, env_int, secret_key, write_local_secret_key

CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.mark.parametrize("raw,minimum,expected", [
    (None, None, 5),        # unset: the default
    ("", None, 5),
    (" 12 ", None, 12),
    ("0", 0, 0),
    ("-3", None, -3),
])
def test_env_int_reads_integers(monkeypatch, raw, minimum, expected):
    monkeypatch.delenv("LG_TEST_INT", raising=False)
    if raw is not None:
        monkeypatch.setenv("LG_TEST_INT", raw)
    assert env_int("LG_TEST_INT", 5, minimum=minimum) == expected


@pytest.mark.parametrize("raw,minimum,says", [
    ("abc", None, "不是整数"),
    ("1.5", None, "不是整数"),
    ("5分钟", None, "不是整数"),
    ("-1", 0, "不能小于 0"),
])
def test_env_int_names_the_variable_on_a_bad_value(monkeypatch, raw, minimum, says):
    monkeypatch.setenv("LOGIN_FAILURE_WINDOW", raw)
    with pytest.raises(ConfigError) as refused:
        env_int("LOGIN_FAILURE_WINDOW", 900, minimum=minimum)
    message = str(refused.value)
    assert "LOGIN_FAILURE_WINDOW" in message and repr(raw) in message and says in message
    assert "\n" not in message


@pytest.mark.parametrize("raw,expected", [("1", True), ("on", True), ("False", False), ("", True)])
def test_env_bool(monkeypatch, raw, expected):
    monkeypatch.setenv("LG_TEST_BOOL", raw)
    assert env_bool("LG_TEST_BOOL", True) is expected


def test_env_bool_names_the_variable_on_a_bad_value(monkeypatch):
    monkeypatch.setenv("SECURE_COOKIES", "maybe")
    with pytest.raises(ConfigError, match="SECURE_COOKIES") as refused:
        env_bool("SECURE_COOKIES")
    assert CJK.search(str(refused.value))


def test_the_key_comes_from_the_environment_first(monkeypatch, tmp_path):
    (tmp_path / "secret_key").write_text("from-the-file")
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert secret_key(tmp_path) == "from-the-environment"
    monkeypatch.delenv("SECRET_KEY")
    assert secret_key(tmp_path) == "from-the-file"


def test_reading_a_missing_key_writes_nothing(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    var = tmp_path / "var"
    assert secret_key(var) == ""
    assert not var.exists()


def test_the_local_key_is_written_once_for_its_owner_only(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    var = tmp_path / "var"
    assert write_local_secret_key(var) is True
    key = secret_key(var)
    assert len(key) >= 50
    assert stat.S_IMODE((var / "secret_key").stat().st_mode) == 0o600
    assert write_local_secret_key(var) is False and secret_key(var) == key   # never replaced


def test_no_local_key_when_the_environment_gives_one(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "set-by-the-operator")
    assert write_local_secret_key(tmp_path) is False
    assert list(tmp_path.iterdir()) == []
