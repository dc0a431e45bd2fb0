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


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianggang.settings")
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "demo":
        # The demo is for a person trying lianggang on their own machine: debug pages on.
        os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    if len(argv) < 2 or argv[1] in {"-h", "--help"}:
        print_help()
        return
    if not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError, ProgrammingError

    try:
        execute_from_command_line(argv)
    except (OperationalError, ProgrammingError) as e:
        # A database not yet migrated (or unreachable) is a set-up step, not a bug: say which.
        text = str(e)
        if "no such table" in text or "does not exist" in text:
            print("数据库尚未建立或未迁移：请先运行 lianggang migrate（或 ./dev.sh demo）"
                  f" (database not migrated: {text.splitlines()[0]})", file=sys.stderr)
        else:
            print(f"无法连接数据库，请检查 DATABASE_URL (database error: {text.splitlines()[0] if text else e!r})",
                  file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
