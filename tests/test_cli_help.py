"""Every lianggang command explains itself in Chinese first, then English, on one line.

`lianggang --help` prints the first line of each command's `help`; `lianggang <命令> --help`
prints each option's help. A civil servant reads the Chinese; the English follows it.
"""
from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "lianggang"
COMMANDS = sorted(
    (path.parts[-4], path.stem)
    for path in PACKAGE.glob("*/management/commands/*.py")
    if not path.name.startswith("_")
)

CJK = re.compile(r"[\u3400-\u9fff]")
CHINESE_THEN_ENGLISH = re.compile(r"[\u3400-\u9fff].*\b[A-Za-z]{2,}\b")
# Options every Django command has; they are Django's to explain.
DJANGO_DEFAULTS = {"-h", "--help", "--version", "-v", "--verbosity", "--settings", "--pythonpath",
                   "--traceback", "--no-color", "--force-color", "--skip-checks"}


def test_every_command_is_found():
    names = {name for _app, name in COMMANDS}
    assert {"approve", "assess", "report", "plans", "demo", "serve", "value_history"} <= names


def command(app: str, name: str):
    return importlib.import_module(f"lianggang.{app}.management.commands.{name}").Command()


@pytest.mark.parametrize("app,name", COMMANDS, ids=[name for _app, name in COMMANDS])
def test_help_is_chinese_then_english(app, name):
    cmd = command(app, name)
    text = cmd.help or ""
    assert "\n" not in text.strip(), f"{name}: `lianggang --help` shows only the first line"
    assert CJK.search(text), f"{name}: no Chinese in {text!r}"
    assert CHINESE_THEN_ENGLISH.search(text), f"{name}: no English after the Chinese in {text!r}"

    parser = cmd.create_parser("lianggang", name)
    own = [a for a in parser._actions if not DJANGO_DEFAULTS & set(a.option_strings)]
    for action in own:
        label = "/".join(action.option_strings) or action.dest
        assert action.help, f"{name} {label}: no help"
        assert CJK.search(action.help), f"{name} {label}: no Chinese in {action.help!r}"
    parser.format_help()   # a stray % in a help text breaks `lianggang <命令> --help`
