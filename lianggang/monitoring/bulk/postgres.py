"""Writing a load on PostgreSQL: COPY into a temp table, one INSERT … ON CONFLICT whose CTE also
writes the history; and the writer thread that does so while the rest of the file is checked."""
from __future__ import annotations

import queue
import threading

import psycopg
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from lianggang.monitoring.bulk.conflicts import blocked_states, conflict_problems
from lianggang.monitoring.bulk.rows import LOADED, MAX_PROBLEMS, Batch, GivenColumns, flags_copy_text
from lianggang.audit.services import user_name
from lianggang.monitoring.models import FLAG_CODES, SOURCE_MAX_LENGTH, Value, ValueChange
from lianggang.monitoring.tabular import Problem, Refused
from lianggang.plans.models import Indicator
from lianggang.regions.models import Region


def _copy_text(s: str) -> str:
    if not s:
        return s
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _may_skip_row_triggers() -> bool:
    """May this connection switch off row-level FK triggers (superuser, or SET granted on PostgreSQL 15+)?"""
    with connection.cursor() as cur:
        if connection.pg_version >= 150000:
            cur.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
        else:
            cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        return bool(cur.fetchone()[0])


def write_postgres(batch: Batch, user, state, reason, source, is_sample, sheet,
                    given: GivenColumns, overwrite_approved: bool = False) -> tuple[int, int]:
    with connection.cursor() as cur:
        load = PostgresLoad(cur.cursor, user, state, reason, source, is_sample, sheet, given=given,
                            overwrite_approved=overwrite_approved)
        load.begin()
        conflicts = load.write(batch)
        if conflicts:
            raise Refused(conflicts)
        load.finish()
    return load.created, load.updated


class PostgresLoad:
    """One load's writes inside the caller's transaction: begin(), write(rows) per chunk, finish().

    Each chunk is COPied into a temp table, then one INSERT (… ON CONFLICT … DO UPDATE when
    some values exist) whose CTE also writes the history. Row-level foreign-key triggers
    cost more than the insert itself (five checks a value). When the role may, they are
    replaced by set-based checks: the referenced regions, indicators and user are locked
    FOR KEY SHARE — what each trigger would do, once — and checked to exist, then the
    inserts run with session_replication_role = replica. The history rows reference values
    this very statement wrote, so they need no check.

    Works on the raw psycopg cursor, so that a writer thread may run it while the thread
    that opened the transaction goes on checking rows (it must not use the connection meanwhile).
    """

    def __init__(self, cursor, user, state: str, reason: str, source: str, is_sample: bool, sheet: str,
                 indicator_ids: list[int] | None = None, given: GivenColumns = GivenColumns(),
                 overwrite_approved: bool = False):
        self.overwrite_approved = overwrite_approved
        self.cur, self.state, self.sheet, self.given, self.source = cursor, state, sheet, given, source
        # Each row's source and flags are staged only when the file has them: five more columns
        # to COPY cost a million-row load about a second.
        self.staged = given.source or given.flags
        self.indicator_ids = indicator_ids
        self.user_id = getattr(user, "pk", None)
        self.params = {"source": source, "sample": is_sample, "state": state, "now": timezone.now(),
                       "user": self.user_id, "user_name": user_name(user), "action": LOADED, "reason": reason}
        self.created = self.updated = 0
        self.fast = self.fresh = False

    def begin(self) -> None:
        self.fast = _may_skip_row_triggers()
        cur = self.cur
        if self.indicator_ids is not None:
            # No value of these indicators yet (a plan's first load): no chunk can meet a locked or
            # existing value, so the per-chunk joins against the growing table are skipped. A value
            # written meanwhile by someone else still sends its chunk to the upsert (unique index).
            cur.execute(f"SELECT EXISTS (SELECT 1 FROM {Value._meta.db_table} WHERE indicator_id = ANY(%s))",
                        [self.indicator_ids])
            self.fresh = not cur.fetchone()[0]
        cur.execute("SET LOCAL work_mem = '256MB'")
        # ON COMMIT DROP does not fire when the caller's transaction goes on (tests, sample loads in a loop)
        cur.execute("DROP TABLE IF EXISTS lg_load")
        qualifiers = "".join(f", {code} boolean" for code in FLAG_CODES)
        cur.execute("CREATE TEMP TABLE lg_load (line integer, indicator_id bigint, region_id bigint, year smallint,"
                    " sex varchar(6), area varchar(6), age_group varchar(20), value numeric(20, 6),"
                    " unit varchar(20), note text"
                    + (f", source varchar({SOURCE_MAX_LENGTH}){qualifiers}" if self.staged else "")
                    + ") ON COMMIT DROP")
        if self.fast and self.user_id is not None:
            cur.execute(f"SELECT id FROM {get_user_model()._meta.db_table} WHERE id = %s FOR KEY SHARE",
                        [self.user_id])

    KEY = "indicator_id, region_id, year, sex, area, age_group"
    JOIN = " AND ".join(f"v.{c} = t.{c}" for c in KEY.split(", "))
    FLAGS = ", ".join(FLAG_CODES)

    def _stage(self, rows: list[tuple]) -> None:
        """`rows` into the temp table, replacing the previous chunk."""
        cur, esc, flags, default_source = self.cur, _copy_text, flags_copy_text, self.source
        cur.execute("TRUNCATE lg_load")
        if self.staged:
            columns = f"line, {self.KEY}, value, unit, note, source, {self.FLAGS}"

            def line(r) -> str:
                return (f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]}\t{r[4]}\t{r[5]}\t{esc(r[6])}\t{r[7]}\t{esc(r[8])}\t"
                        f"{esc(r[9])}\t{esc(r[10] or default_source)}\t{flags(r[11])}\n")
        else:
            columns = f"line, {self.KEY}, value, unit, note"

            def line(r) -> str:
                return f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]}\t{r[4]}\t{r[5]}\t{esc(r[6])}\t{r[7]}\t{esc(r[8])}\t{esc(r[9])}\n"
        with cur.copy(f"COPY lg_load ({columns}) FROM STDIN") as copy:
            for start in range(0, len(rows), 50000):
                copy.write("".join([line(r) for r in rows[start:start + 50000]]))
        self.cur.execute("ANALYZE lg_load")

    def _locked_in_stage(self) -> list[Problem]:
        if self.fresh:
            return []
        self.cur.execute(f"SELECT t.line, v.state FROM lg_load t JOIN {Value._meta.db_table} v ON {self.JOIN}"
                         f" WHERE v.state = ANY(%s) ORDER BY t.line LIMIT {MAX_PROBLEMS}",
                         [list(blocked_states(self.state, self.overwrite_approved))])
        return conflict_problems(self.cur.fetchall(), self.sheet)

    def locked(self, rows: list[tuple]) -> list[Problem]:
        """Only the problems of rows whose value is locked (the load is refused already: report them all)."""
        self._stage(rows)
        return self._locked_in_stage()

    def write(self, rows: list[tuple]) -> list[Problem]:
        """Write `rows`; the problems of rows whose value is locked (then nothing of `rows` is written)."""
        V, C = Value._meta.db_table, ValueChange._meta.db_table
        R, I = Region._meta.db_table, Indicator._meta.db_table
        key, join, cur = self.KEY, self.JOIN, self.cur
        self._stage(rows)
        conflicts = self._locked_in_stage()
        if conflicts:
            return conflicts
        updated = 0
        if not self.fresh:
            cur.execute(f"SELECT count(*) FROM lg_load t JOIN {V} v ON {join}")
            updated = cur.fetchone()[0]
        if self.fast:
            for table, column in ((R, "region_id"), (I, "indicator_id")):
                cur.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE id IN"
                            f" (SELECT DISTINCT {column} FROM lg_load) FOR KEY SHARE) locked")
            cur.execute(f"SELECT count(*) FROM lg_load t WHERE NOT EXISTS (SELECT 1 FROM {R} r WHERE r.id = t.region_id)"
                        f" OR NOT EXISTS (SELECT 1 FROM {I} i WHERE i.id = t.indicator_id)")
            if cur.fetchone()[0]:
                return [Problem(self.sheet, None, "", _("导入期间有区划或指标被删除，请重新导入"))]
            cur.execute("SET LOCAL session_replication_role = replica")
        columns = (f"{key}, value, unit, source, note, {self.FLAGS},"
                   " is_sample, state, submission_id, version, updated_at, updated_by_id")
        qualifiers = (f"source, note, {self.FLAGS}" if self.staged
                      else "%(source)s, note, " + ", ".join("false" for _ in FLAG_CODES))
        select = (f"SELECT {key}, value, unit, {qualifiers},"
                  f" %(sample)s, %(state)s, NULL, 1, %(now)s, %(user)s FROM lg_load")
        # A file with a 来源 / 标记 column says what they are; without, existing values keep theirs.
        source = ("EXCLUDED.source" if self.given.source
                  else f"CASE WHEN EXCLUDED.source = '' THEN {V}.source ELSE EXCLUDED.source END")
        flags = "".join(f", {code} = EXCLUDED.{code}" for code in FLAG_CODES) if self.given.flags else ""
        history = f"INSERT INTO {C} (value_id, action, old_value, new_value, old_state, new_state, reason, user_id, user_name, at)"
        inserted = False
        if updated == 0:
            # Nothing to update (the usual first load of a year): a plain insert skips the conflict
            # arbitration of every row. Should a value appear meanwhile, the upsert below runs instead.
            cur.execute("SAVEPOINT lg_plain")
            try:
                cur.execute(f"""
                    WITH up AS (INSERT INTO {V} ({columns}) {select} RETURNING id, value)
                    {history}
                    SELECT id, %(action)s, NULL, value, '', %(state)s, %(reason)s, %(user)s, %(user_name)s, %(now)s FROM up
                """, self.params)
                cur.execute("RELEASE SAVEPOINT lg_plain")
                inserted = True
            except psycopg.errors.UniqueViolation:
                cur.execute("ROLLBACK TO SAVEPOINT lg_plain")
        if not inserted:
            cur.execute(f"""
                WITH old AS (
                    SELECT t.indicator_id, t.region_id, t.year, t.sex, t.area, t.age_group,
                           v.value AS old_value, v.state AS old_state
                    FROM lg_load t JOIN {V} v ON {join}
                ), up AS (
                    INSERT INTO {V} ({columns}) {select}
                    ON CONFLICT ({key}) DO UPDATE SET
                        value = EXCLUDED.value, unit = EXCLUDED.unit, note = EXCLUDED.note,
                        source = {source}{flags},
                        is_sample = EXCLUDED.is_sample, state = EXCLUDED.state, version = {V}.version + 1,
                        updated_at = EXCLUDED.updated_at, updated_by_id = EXCLUDED.updated_by_id
                    RETURNING id, {key}, value
                )
                {history}
                SELECT up.id, %(action)s, old.old_value, up.value, COALESCE(old.old_state, ''), %(state)s,
                       %(reason)s, %(user)s, %(user_name)s, %(now)s
                FROM up LEFT JOIN old ON {" AND ".join(f"old.{c} = up.{c}" for c in key.split(", "))}
            """, self.params)
        if self.fast:
            cur.execute("SET LOCAL session_replication_role = origin")
        self.created += len(rows) - updated
        self.updated += updated
        return []

    def finish(self) -> None:
        self.cur.execute("DROP TABLE lg_load")


class ChunkWriter:
    """A thread that writes chunks through a PostgresLoad while the caller's thread checks the
    rest of the file: PostgreSQL inserts on one core while Python validates on the other.

    The first locked value or error stops it; `close()` waits for it and says what happened."""

    def __init__(self, load: PostgresLoad):
        self.load = load
        self.chunks: queue.Queue = queue.Queue()
        self.rows_sent = 0
        self.problems: list[Problem] = []
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="lianggang-load-writer", daemon=True)
        self.thread.start()

    def put(self, rows: list[tuple]) -> None:
        if not self.thread.is_alive():
            raise RuntimeError("the writer is closed")
        self.rows_sent += len(rows)
        self.chunks.put(rows)

    def _run(self) -> None:
        while (rows := self.chunks.get()) is not None:
            if self.error:
                continue              # drain what was queued
            try:
                if self.problems:     # refused already: only find the other locked values
                    self.problems += self.load.locked(rows)
                else:
                    self.problems = self.load.write(rows)
            except BaseException as e:   # handed to the caller's thread by close()
                self.error = e

    def close(self) -> list[Problem]:
        """Wait for every chunk; the locked values' problems (re-raises the writer's error)."""
        if self.thread.is_alive():
            self.chunks.put(None)
            self.thread.join()
        if self.error is not None:
            raise self.error
        return self.problems
