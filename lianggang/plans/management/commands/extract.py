"""`lianggang extract FILE [--format json|table]`: a plan document → plan/v1, printed.

Pure: the command line runs it without booting Django (lianggang/cli.py, PURE_COMMANDS).
"""
from lianggang.cli import DataCommand
from lianggang.extraction.__main__ import HELP, add_arguments, run


class Command(DataCommand):
    help = HELP

    def add_arguments(self, parser):
        add_arguments(parser)

    def handle(self, *args, **options):
        code = run(options["file"], options["format"], self.stdout, self.stderr)
        if code:
            raise SystemExit(code)
