"""Backup and restore of the whole database: every plan, value and its history, the audit log.

PostgreSQL through pg_dump / pg_restore (custom format; postgresql-client of the server's major
version), SQLite through its online backup API (a consistent copy while the server keeps running).
`lianggang backup FILE` and `lianggang restore FILE` are the commands; README "Backup and restore"
has a schedule example."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

SQLITE_HEADER = b"SQLite format 3\x00"
PG_HEADER = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def _vendor() -> str:
    return connection.vendor


def _pg_env() -> tuple[dict, list[str]]:
    s = connection.settings_dict
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if s.get(key):
            args += [flag, str(s[key])]
    return env, args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"找不到 {name}：请安装与数据库服务器同一大版本的 postgresql-client")
    return path


def backup(target: Path) -> int:
    """Write a backup of the database to `target` (replaced only when complete); its size in bytes."""
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    if _vendor() == "sqlite":
        connection.ensure_connection()
        dest = sqlite3.connect(partial)
        try:
            connection.connection.backup(dest)
        finally:
            dest.close()
    elif _vendor() == "postgresql":
        env, args = _pg_env()
        done = subprocess.run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", *args,
                               "--file", str(partial), connection.settings_dict["NAME"]],
                              env=env, capture_output=True, text=True)
        if done.returncode != 0:
            partial.unlink(missing_ok=True)
            raise BackupError(f"pg_dump 失败：{done.stderr.strip()}")
    else:
        raise BackupError(f"不支持 {_vendor()} 数据库的备份")
    os.replace(partial, target)
    return target.stat().st_size


def restore(source: Path) -> None:
    """Replace the database's contents with the backup in `source` (made by `backup`)."""
    source = Path(source)
    try:
        head = source.open("rb").read(16)
    except OSError as exc:
        raise BackupError(f"不能读取 {source}：{exc.strerror}") from None
    if _vendor() == "sqlite":
        if head != SQLITE_HEADER:
            raise BackupError(f"{source} 不是 SQLite 数据库的备份（PostgreSQL 的备份请在 PostgreSQL 上恢复）")
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if src.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{source} 已损坏（integrity_check 未通过）")
            connection.ensure_connection()
            src.backup(connection.connection)
        finally:
            src.close()
    elif _vendor() == "postgresql":
        if not head.startswith(PG_HEADER):
            raise BackupError(f"{source} 不是 pg_dump 备份（SQLite 的备份请在 SQLite 上恢复）")
        env, args = _pg_env()
        connection.close()
        done = subprocess.run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
                               "--single-transaction", "--exit-on-error", *args,
                               "--dbname", connection.settings_dict["NAME"], str(source)],
                              env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise BackupError(f"pg_restore 失败（数据库未改动）：{done.stderr.strip()}")
    else:
        raise BackupError(f"不支持 {_vendor()} 数据库的恢复")
