"""Production settings pass Django's deployment checklist (`check --deploy`)."""
import os
import secrets
import subprocess
import sys

import pytest


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = dict(os.environ, DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), SECURE_HSTS_SECONDS="31536000",
               SECURE_SSL_REDIRECT="1", LIANGGANG_VAR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3")
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)   # a developer's shell may have it; production must not
    result = subprocess.run([sys.executable, "-m", "lianggang", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_serve_starts_gunicorn_with_an_empty_cache(monkeypatch):
    # Cached pages were drawn by the previous version's templates; serving starts without them.
    from django.core.cache import cache
    from django.core.management import call_command

    started = []

    def execv(path, argv):
        started.append(argv)
        raise SystemExit(0)

    monkeypatch.setattr(os, "execv", execv)
    cache.set("template.cache.dashboard_results.old", "<p>old page</p>")
    with pytest.raises(SystemExit):
        call_command("serve", "--no-collectstatic", "--bind", "0.0.0.0:9000", "--workers", "3")
    assert cache.get("template.cache.dashboard_results.old") is None
    argv = started[0]
    assert argv[1:4] == ["-m", "gunicorn", "lianggang.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "0.0.0.0:9000" and argv[argv.index("--workers") + 1] == "3"
