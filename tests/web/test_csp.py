"""A strict Content-Security-Policy on every page, which the pages keep (no inline script or style),
and the CSRF token where docs/api.md tells browser scripts to read it."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import ROOT


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/admin/login/", "/api/plans/"])
def test_every_response_carries_a_strict_policy(client, db, url):
    policy = client.get(url)["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy


def test_no_template_has_inline_script_style_or_handlers():
    offenders = []
    for path in (ROOT / "lianggang" / "web" / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\sstyle=|<style|\son[a-z]+=|<script(?![^>]*\ssrc=)", text):
            offenders.append(path.name)
    assert offenders == []


def test_the_pages_offer_the_csrf_token_scripts_need_since_the_cookie_is_http_only(client, web_world, settings):
    assert settings.CSRF_COOKIE_HTTPONLY
    client.force_login(web_world.committee)
    html = client.get(reverse("web:work-home")).content.decode()
    assert re.search(r'<meta name="csrf-token" content="[^"]{20,}">', html)
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert 'meta[name="csrf-token"]' in doc and "from the\n  `csrftoken` cookie" not in doc
