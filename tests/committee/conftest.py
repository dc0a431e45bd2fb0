"""The committee's test world: the web world (甲区's plan 2021—2030, whose mid-term year is 2025;
卫健 owns 婴儿死亡率, 孕产妇死亡率 and the watched 出生人口数, 教育 owns 学前教育毛入园率 and 幼儿园数) with attachments stored in a
temporary media folder."""
from __future__ import annotations

import io

import pytest

from tests.web.conftest import add_targets  # noqa: F401  (the same targets as the pages' tests)
from tests.factories import make_world

YEAR = 2025   # the plan's mid-term year


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cworld(db):
    world = make_world()
    add_targets(world)
    return world


def docx_bytes(*paragraphs: str) -> bytes:
    from docx import Document

    doc = Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
