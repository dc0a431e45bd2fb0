"""Production settings pass Django's deployment checklist (`check --deploy`)."""
import os
import secrets
import subprocess
import sys


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = dict(os.environ, DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), SECURE_HSTS_SECONDS="31536000",
               SECURE_SSL_REDIRECT="1", LIANGGANG_VAR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3")
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)   # a developer's shell may have it; production must not
    result = subprocess.run([sys.executable, "-m", "lianggang", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
