"""Typed readers of environment variables that refuse malformed values.

Settings come from the environment (twelve-factor); a typo in a deployment's
variables should stop the start-up with a message naming the variable, not a
bare ValueError or a silent fall-back. Reading writes nothing: the one file a
setting may come from, var/secret_key, is written only by write_local_secret_key.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
SECRET_KEY_FILE = "secret_key"
MISSING_SECRET_KEY = (
    "未设置 SECRET_KEY：正式运行请在环境变量中设置 SECRET_KEY"
    "（可用 python -c \"import secrets; print(secrets.token_urlsafe(50))\" 生成）；"
    "在本机试用请运行 lianggang demo，它会生成 var/secret_key "
    "(SECRET_KEY is not set: set it in production; lianggang demo writes one into var/ for local use)"
)


class ConfigError(RuntimeError):
    """A malformed setting; the message is one line naming the variable and what it should be."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"环境变量 {name}={raw!r} 不是布尔值（应为 true/false/1/0） ({name} is not a boolean)")


def env_int(name: str, default: int, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"环境变量 {name}={raw!r} 不是整数（例如 {name}={default}） "
                          f"({name} is not an integer)") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"环境变量 {name}={raw!r} 不能小于 {minimum} ({name} must be at least {minimum})")
    if maximum is not None and value > maximum:
        raise ConfigError(f"环境变量 {name}={raw!r} 不能大于 {maximum} ({name} must be at most {maximum})")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def var_dir() -> Path:
    """Where local state lives: LIANGGANG_VAR, else the project's var/."""
    return Path(env_str("LIANGGANG_VAR", "") or PROJECT_DIR / "var")


def secret_key(var: Path) -> str:
    """SECRET_KEY from the environment, else the key written into var/ for local use, else "".

    An empty key is not replaced by an invented one: Django refuses to sign anything with it,
    and the WSGI application (lianggang/wsgi.py) refuses to serve.
    """
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    try:
        return (var / SECRET_KEY_FILE).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return ""


def write_local_secret_key(var: Path) -> bool:
    """Generate var/secret_key once, for one machine's own use (the demo), unless SECRET_KEY is set
    or the file exists; readable by its owner only. True when a key was written."""
    if os.environ.get("SECRET_KEY", "").strip():
        return False
    var.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(var / SECRET_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(secrets.token_urlsafe(50))
    return True
