"""``manage.py assess --cases FILE.json`` (``-`` for stdin): judge JSON cases.

A thin shell around ``lianggang.assessment.run_cases``: bad input prints one
line naming the case and field on stderr and exits with code 2, no traceback.
"""
from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from lianggang.assessment import CaseError, run_cases


class Command(BaseCommand):
    help = "Judge targets on yearly series (JSON cases) and print results as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--cases", required=True, help="JSON file of cases, or - for stdin")
        parser.add_argument("--details", action="store_true", help="include the trace of each result")

    def handle(self, *args, **opts):
        path = opts["cases"]
        try:
            if path == "-":
                text = sys.stdin.read()
            else:
                with open(path, encoding="utf-8") as f:
                    text = f.read()
        except OSError as e:
            self._fail(f"assess: cannot read {path}: {e.strerror}")
        try:
            cases = json.loads(text)
        except json.JSONDecodeError as e:
            self._fail(f"assess: {path}: broken JSON at line {e.lineno} column {e.colno}: {e.msg}")
        try:
            results = run_cases(cases, details=opts["details"])
        except CaseError as e:
            self._fail(f"assess: {e}")
        self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))

    def _fail(self, message: str):
        self.stderr.write(message)
        sys.exit(2)
