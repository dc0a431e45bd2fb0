"""The `lianggang` command: Django's management commands, with hyphenated names.

`lianggang import-plan x.json` runs the management command `import_plan`;
`lianggang migrate`, `lianggang createsuperuser` … reach Django's own.
`lianggang --help` lists lianggang's commands, one line each.
"""
from __future__ import annotations

import os
import sys


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


def _refuse(message: str) -> None:
    print(message, file=sys.stderr)
    sys.exit(2)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianggang.settings")
    argv = list(sys.argv if argv is None else argv)
    from lianggang.lib.env import ConfigError, var_dir, write_local_secret_key

    if len(argv) > 1 and argv[1] == "demo":
        # The demo is for a person trying lianggang on their own machine: debug pages on, and
        # a key of this machine's own (production sets SECRET_KEY; nothing else writes one).
        os.environ.setdefault("DEBUG", "1")
        if write_local_secret_key(var_dir()):
            print(f"已生成本机密钥 {var_dir() / 'secret_key'}（仅供本机试用） (wrote a local secret key)")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
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
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
