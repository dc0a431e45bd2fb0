"""`python -m lianggang.extraction FILE [--format json|table]`: the extractor without Django."""
from __future__ import annotations

import argparse
import json
import sys

from . import ExtractionError, extract_file
from .render import render_table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lianggang.extraction", description="从纲要文件提取 plan/v1")
    parser.add_argument("file")
    parser.add_argument("--format", choices=("json", "table"), default="json")
    args = parser.parse_args(argv)
    try:
        document = extract_file(args.file).document
    except ExtractionError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.format == "json":
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_table(document))
    return 0


if __name__ == "__main__":
    sys.exit(main())
