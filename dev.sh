#!/usr/bin/env bash
# lianggang's set-up in two commands (see README):
#   ./dev.sh demo [--no-serve …]   create the environment, build the demo database, serve it
#   ./dev.sh test [pytest args …]  create the environment, run the whole suite on SQLite and PostgreSQL
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

VENV=.venv
PG_URL_BASE=${LIANGGANG_TEST_PG:-postgres://postgres@127.0.0.1:5432}

find_python() {
  for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "需要 Python 3.11 或更高版本 (Python >= 3.11 is required)" >&2
  exit 2
}

ensure_env() {
  local stamp
  stamp="$VENV/.installed-$(cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)"
  if [ ! -x "$VENV/bin/python" ]; then
    "$(find_python)" -m venv "$VENV"
  fi
  if [ ! -f "$stamp" ]; then
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -c constraints.txt -e ".[test]"
    rm -f "$VENV"/.installed-*
    touch "$stamp"
  fi
}

# Debian packages the reports and tests need: a CJK font (charts, PDF pages) and
# poppler's pdftoppm (the PDF test renders pages; the extractor renders scanned pages), Chromium for
# browser tests, gettext for translations, tesseract with its simplified-Chinese data (the extractor
# reads scanned plans by OCR). Installed when we may; else we say what is missing.
SYSTEM_PACKAGES="fonts-noto-cjk poppler-utils chromium gettext tesseract-ocr tesseract-ocr-chi-sim"

ensure_system_packages() {
  local missing=""
  command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ] || missing="$missing fonts-noto-cjk"
  command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"   # browser tests (Playwright drives it)
  command -v msgfmt >/dev/null 2>&1 || missing="$missing gettext"      # compiles the English translation
  command -v tesseract >/dev/null 2>&1 || missing="$missing tesseract-ocr"   # OCR of scanned plans
  tesseract --list-langs 2>&1 | grep -x chi_sim >/dev/null || missing="$missing tesseract-ocr-chi-sim"
  [ -n "$missing" ] || return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== 安装系统软件包 (installing Debian packages):$missing"
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null
  else
    echo "提示：缺少系统软件包$missing，请以 root 运行：apt-get install$missing (reports need a CJK font)" >&2
  fi
}

postgres_answers() {
  "$VENV/bin/python" - "$PG_URL_BASE/postgres" <<'PY' >/dev/null 2>&1
import sys, psycopg
psycopg.connect(sys.argv[1], connect_timeout=3).close()
PY
}

compile_translations() {
  # The English catalogue (.po) is source; its .mo is built here, never committed.
  # Only where a catalogue exists; run through lianggang so Django's settings are known.
  [ -n "$(find lianggang -name '*.po' -path '*/locale/*' -print -quit)" ] || return 0
  if command -v msgfmt >/dev/null 2>&1; then
    (cd lianggang && "../$VENV/bin/lianggang" compilemessages -v 0)
  else
    echo "提示：缺少 gettext，英文界面不可用 (gettext missing: no English interface)" >&2
  fi
}

run_tests() {
  echo "== migrations are up to date"
  "$VENV/bin/lianggang" makemigrations --check --dry-run
  echo "== tests on SQLite"
  "$VENV/bin/pytest" -n auto "$@"
  if postgres_answers; then
    # pytest-django creates test_<name> for the run and drops it afterwards.
    echo "== tests on PostgreSQL ($PG_URL_BASE)"
    DATABASE_URL="$PG_URL_BASE/lianggang_ci_$$" "$VENV/bin/pytest" -n auto "$@"
  elif [ -n "${CI:-}" ]; then
    echo "PostgreSQL 未在 $PG_URL_BASE 应答：CI 必须在两种数据库上运行 (PostgreSQL did not answer)" >&2
    exit 1
  else
    echo "== PostgreSQL 未应答，跳过 (PostgreSQL did not answer; skipped)"
  fi
}

command=${1:-help}
shift || true
case "$command" in
  demo)
    ensure_system_packages
    ensure_env
    compile_translations
    exec "$VENV/bin/lianggang" demo "$@"
    ;;
  test)
    ensure_system_packages
    ensure_env
    compile_translations
    run_tests "$@"
    ;;
  *)
    echo "用法 usage: ./dev.sh demo [--no-serve] | ./dev.sh test [pytest 参数]"
    exit 2
    ;;
esac
