"""`python -m lianggang.extraction FILE [--format json|table]`: the extractor without Django.

`lianggang extract` is the same command (its arguments and output are defined here once).
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from . import ExtractionError, extract_file
from .render import render_table

HELP = "从纲要文件（.txt .docx .pdf .html）提取 plan/v1 Extract plan/v1 from a plan document"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="纲要文件 plan document")
    parser.add_argument("--format", choices=("json", "table"), default="json",
                        help="json：plan/v1 文档；table：便于阅读的表格，⚠ 标出需核对的目标 "
                             "json: the plan/v1 document; table: readable, ⚠ marks targets to check")


def run(path: str, fmt: str, out: TextIO, err: TextIO) -> int:
    """Print the document in `fmt`; an unreadable file is one line on `err` and exit code 2, never a traceback."""
    try:
        document = extract_file(path).document
    except ExtractionError as exc:
        err.write(f"{exc}\n")
        return 2
    if fmt == "json":
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render_table(document))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lianggang.extraction", description=HELP)
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(args.file, args.format, sys.stdout, sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
