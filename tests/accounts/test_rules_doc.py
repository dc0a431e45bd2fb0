"""docs/permissions.md shows the permission table as the code holds it."""
from pathlib import Path

from lianggang.accounts.permissions import rules_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def test_the_documented_table_is_the_codes_table():
    assert rules_table() in DOC.read_text(encoding="utf-8"), "regenerate the table in docs/permissions.md"
