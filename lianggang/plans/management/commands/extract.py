"""`lianggang extract FILE [--format json|table]`: a plan document → plan/v1, printed."""
import json

from django.core.management.base import BaseCommand

from lianggang.extraction import ExtractionError, extract_file
from lianggang.extraction.render import render_table


class Command(BaseCommand):
    help = "从纲要文件（.txt .docx .pdf .html）提取 plan/v1 Extract plan/v1 from a plan document"

    def add_arguments(self, parser):
        parser.add_argument("file", help="纲要文件 plan document")
        parser.add_argument("--format", choices=("json", "table"), default="json",
                            help="json：plan/v1 文档；table：便于阅读的表格，⚠ 标出需核对的目标 "
                                 "json: the plan/v1 document; table: readable, ⚠ marks targets to check")

    def handle(self, *args, **options):
        try:
            document = extract_file(options["file"]).document
        except ExtractionError as exc:
            # one line for a person, never a traceback
            self.stderr.write(str(exc))
            raise SystemExit(2)
        if options["format"] == "json":
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_table(document), ending="")
