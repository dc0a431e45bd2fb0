"""The `lianggang` command: Django's management commands, with hyphenated names.

`lianggang import-plan x.json` runs the management command `import_plan`;
`lianggang migrate`, `lianggang createsuperuser` … reach Django's own.
`lianggang --help` lists lianggang's commands, one line each.

Start-up costs what a command uses. `django.setup()` imports the admin, DRF and every
model (0.3 s); Django's system checks import the URL conf and through it every view,
openpyxl and drf-spectacular (0.5 s more). So:

- PURE_COMMANDS (a plan document → plan/v1, the engine on JSON cases) touch neither the
  database nor lianggang's settings: they run on Django's defaults, without setup;
- DataCommand, the base of the commands that read and write data, skips the system
  checks: they guard serving, and `lianggang check`, `migrate`, `serve` and the demo's
  server run them.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from django.core.management.base import BaseCommand


class DataCommand(BaseCommand):
    """A lianggang command that reads or writes data: no system checks (see the module's note)."""

    requires_system_checks: list[str] = []


def _judges_cases(args: list[str]) -> bool:
    """`assess --cases FILE` is the engine on JSON; `assess --plan` reads the database."""
    return any(arg == "--cases" or arg.startswith("--cases=") for arg in args)


# name → (module of its Command, whether these arguments leave Django's apps and database alone)
PURE_COMMANDS: dict[str, tuple[str, Callable[[list[str]], bool]]] = {
    "extract": ("lianggang.plans.management.commands.extract", lambda args: True),
    "assess": ("lianggang.evaluation.management.commands.assess", _judges_cases),
}


def _project_commands() -> list[tuple[str, str]]:
    """(hyphenated name, first help line) of every command lianggang's apps define."""
    from django.core.management import get_commands, load_command_class

    rows = []
    for name, app in sorted(get_commands().items()):
        if not app.startswith("lianggang"):
            continue
        help_text = (load_command_class(app, name).help or "").strip().splitlines()
        rows.append((name.replace("_", "-"), help_text[0] if help_text else ""))
    return rows


def print_help() -> None:
    rows = _project_commands()
    width = max((len(name) for name, _ in rows), default=10)
    print("用法 usage: lianggang <命令 command> [选项 options]\n")
    print("两纲监测评估系统的命令 (lianggang commands):")
    for name, line in rows:
        print(f"  {name.ljust(width)}  {line}")
    print("\nDjango 的命令（migrate、createsuperuser、runserver …）同样可用：lianggang help --commands")
    print("每个命令的说明 (details): lianggang <命令> --help")


def run_pure(module: str, argv: list[str]) -> None:
    """Run a pure command without django.setup(), on Django's default settings: it reads no setting,
    so a deployment's variables (and their mistakes) are no concern of `lianggang extract`."""
    from django.conf import settings

    if not settings.configured:
        settings.configure()
    import_module(module).Command().run_from_argv(argv)


def _refuse(message: str) -> None:
    print(message, file=sys.stderr)
    sys.exit(2)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianggang.settings")
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    pure = PURE_COMMANDS.get(argv[1]) if len(argv) > 1 else None
    if pure and pure[1](argv[2:]):
        run_pure(pure[0], argv)
        return
    from lianggang.lib.env import ConfigError, var_dir, write_local_secret_key

    if len(argv) > 1 and argv[1] == "demo":
        # The demo is for a person trying lianggang on their own machine: debug pages on, and
        # a key of this machine's own (production sets SECRET_KEY; nothing else writes one).
        os.environ.setdefault("DEBUG", "1")
        if write_local_secret_key(var_dir()):
            print(f"已生成本机密钥 {var_dir() / 'secret_key'}（仅供本机试用） (wrote a local secret key)")
    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import OperationalError, ProgrammingError

    try:
        _run_django(argv)
    except ConfigError as e:
        _refuse(str(e))
    except ImproperlyConfigured as e:
        cause = f"：{e.__cause__}" if e.__cause__ else ""
        _refuse(f"配置错误 (configuration error)：{e}{cause}")
    except (OperationalError, ProgrammingError) as e:
        # A database not yet migrated (or unreachable) is a set-up step, not a bug: say which.
        text = str(e)
        if "no such table" in text or "does not exist" in text:
            _refuse("数据库尚未建立或未迁移：请先运行 lianggang migrate（或 ./dev.sh demo）"
                    f" (database not migrated: {text.splitlines()[0]})")
        _refuse(f"无法连接数据库，请检查 DATABASE_URL (database error: {text.splitlines()[0] if text else e!r})")


def _run_django(argv: list[str]) -> None:
    import django

    django.setup()
    if len(argv) < 2 or argv[1] in {"-h", "--help"}:
        print_help()
        return
    _make_sqlite_folder()
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


def _make_sqlite_folder() -> None:
    """SQLite creates its file but not the folder (var/ of a fresh checkout): the command makes it
    before it reaches the database; importing the settings writes nothing."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) not in {"", ":memory:"}:
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)


if __name__ == "__main__":
    main()
