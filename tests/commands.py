"""Running a management command in-process, as the tests of several packages do."""
from __future__ import annotations

from io import StringIO

from django.core.management import call_command


def run(*args) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `call_command(*args)`; a refusal's SystemExit is its code."""
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as e:
        code = e.code
    return code, out.getvalue(), err.getvalue()
