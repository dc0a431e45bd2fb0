"""Bulk loading of tidy values for the statistics bureau: many regions and departments in one file.

`load_values(user, plan, name, data)` reads a tidy CSV/xlsx (see tabular), checks
every row with the same rules as entry (rules.validate_cell's parts: the cell
must exist for the indicator, the number must be in the unit's range; plus the
consistency rules over each region-year's cells), and refuses the whole file with
a row report if anything blocks. Otherwise it writes every value in one
transaction with one history row per value (action `value.loaded`). The
report's messages are in the active language (gettext); the history's reason
stays Chinese. The optional columns 来源 and 标记 set each value's source and flags
(an unknown flag word is a problem of its row); a file without them leaves those of
existing values as they are (GivenColumns).

Speed: ids are looked up in dicts once, the per-cell check is cached per
(indicator, cell), and the write is set-based — on PostgreSQL a COPY into a temp
table and one INSERT … ON CONFLICT … DO UPDATE whose CTE also writes the
history; on SQLite bulk_create and executemany. On PostgreSQL the load streams:
a writer thread writes each checked chunk while the next is checked (the server
inserts on one core, Python checks on the other), all in one transaction that any
problem rolls back.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils.translation import gettext as _

from lianggang.accounts.permissions import Action, regions_where
from lianggang.audit.services import record
from lianggang.lib.gcpause import gc_paused
from lianggang.monitoring.bulk.export import export_rows
from lianggang.monitoring.bulk.generic import write_generic
from lianggang.monitoring.bulk.reading import parse
from lianggang.monitoring.bulk.rows import LOADABLE_STATES, Batch, GivenColumns, LoadResult
from lianggang.monitoring.models import ValueState
from lianggang.monitoring.tabular import Problem, RawTable, Refused, read_tidy, refused_summary
from lianggang.plans.models import Plan

__all__ = ["Batch", "GivenColumns", "LoadResult", "export_rows", "load_table", "load_values", "loadable_region_ids", "parse",
           "write"]


def write(batch: Batch, *, user, state: str = ValueState.DRAFT, reason: str = "", source: str = "",
          is_sample: bool = False, sheet: str = "", given: GivenColumns = GivenColumns(),
          overwrite_approved: bool = False) -> LoadResult:
    """Write every value of `batch` (all or none) with one history row each; Refused on locked values.

    `source` is the source of rows that name none; `given` says whether the rows' own sources and
    flags replace the stored ones of existing values (else those are kept)."""
    if state not in LOADABLE_STATES:
        raise ValueError(f"cannot load values as {state}")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            from lianggang.monitoring.bulk.postgres import write_postgres   # psycopg only where used
            created, updated = write_postgres(batch, user, state, reason, source, is_sample, sheet, given,
                                              overwrite_approved)
        else:
            created, updated = write_generic(batch, user, state, reason, source, is_sample, sheet, given,
                                             overwrite_approved)
    return LoadResult(len(batch), created, updated)


# -- who may load ------------------------------------------------------------------------------

def loadable_region_ids(user) -> set[int] | None:
    """Regions `user` may bulk-load values for (Action.LOAD_VALUES); None means every region.
    Refused at once when there is none."""
    allowed = regions_where(user, Action.LOAD_VALUES)
    if allowed is not None and not allowed:
        raise PermissionDenied(_("只有统计局监测组或系统管理员可以批量导入数据"))
    return allowed


# -- the use case ------------------------------------------------------------------------------

def _may_load(user, state: str, reason: str, overwrite_approved: bool) -> set[int] | None:
    """The regions `user` may load into, after refusing a state or an overwrite that is not allowed."""
    allowed = loadable_region_ids(user)
    if state not in LOADABLE_STATES:
        raise Refused([Problem("", None, "", _("状态只能是 draft 或 approved，不能是 %(state)s") % {"state": state})])
    if overwrite_approved and (state != ValueState.APPROVED or not reason.strip()):
        raise Refused([Problem("", None, "", _("覆盖已审核数据须以 approved 状态导入，并写明原因"))])
    return allowed


def load_values(user, plan: Plan, name: str, data: bytes, *, state: str = ValueState.DRAFT,
                reason: str = "", overwrite_approved: bool = False) -> LoadResult:
    """Load a tidy file for `plan`: every row valid and writable, or nothing saved (Refused with the rows).

    Approved (locked) values are overwritten only when asked explicitly (`overwrite_approved`, with
    state approved and a reason): the reason goes into each value's history and the act into the
    audit log."""
    allowed = _may_load(user, state, reason, overwrite_approved)
    with gc_paused():   # the rows, the batch and the COPY text: millions of objects, no cycles
        return _load_recorded(read_tidy(name, data), plan, allowed, user, state, reason, overwrite_approved, name)


def load_table(user, plan: Plan, table: RawTable, *, state: str = ValueState.DRAFT, reason: str = "",
               overwrite_approved: bool = False) -> LoadResult:
    """Load a table read from another format (DHIS2, SDMX: monitoring/exchange.py) exactly as a tidy file."""
    allowed = _may_load(user, state, reason, overwrite_approved)
    with gc_paused():
        return _load_recorded(table, plan, allowed, user, state, reason, overwrite_approved, table.sheet)


def _load_recorded(table: RawTable, plan: Plan, allowed, user, state: str, reason: str,
                   overwrite_approved: bool, file: str) -> LoadResult:
    with transaction.atomic():
        result = _load(table, plan, allowed, user, state, reason, overwrite_approved)
        if overwrite_approved:
            record(user, "value.overwrite_approved", plan, region=plan.region, file=file, reason=reason,
                   rows=result.rows, updated=result.updated)
    return result


def _load(table: RawTable, plan: Plan, allowed: set[int] | None, user, state: str, reason: str,
          overwrite_approved: bool) -> LoadResult:
    reason = reason or f"批量导入 {table.sheet}"
    if connection.vendor == "postgresql":
        return _load_streamed(table, plan, allowed, user, state, reason, overwrite_approved)
    batch, problems = parse(table, plan, allowed)
    if problems:
        raise Refused(problems, refused_summary(len(problems)))
    return write(batch, user=user, state=state, reason=reason, sheet=table.sheet, given=GivenColumns.of(table),
                 overwrite_approved=overwrite_approved)


def _load_streamed(table: RawTable, plan: Plan, allowed: set[int] | None, user, state: str,
                   reason: str, overwrite_approved: bool = False) -> LoadResult:
    """Check and write at once, in one transaction: chunks of good rows go to the writer thread
    as they are checked. Any problem, in the file or a locked value, rolls everything back."""
    from lianggang.monitoring.bulk.postgres import ChunkWriter, PostgresLoad
    with transaction.atomic(), connection.cursor() as cur:
        load = PostgresLoad(cur.cursor, user, state, reason, "", False, table.sheet,
                            indicator_ids=list(plan.indicators.values_list("pk", flat=True)),
                            given=GivenColumns.of(table), overwrite_approved=overwrite_approved)
        load.begin()
        writer = ChunkWriter(load)
        try:
            # Streamed only into a plan without values: chunks joined against a big table one by one
            # would cost more than they save (a reload of every value is written in one go).
            batch, problems = parse(table, plan, allowed, on_chunk=writer.put if load.fresh else None,
                                    before_query=writer.close)
        finally:
            locked = writer.close()
        if problems:
            raise Refused(problems, refused_summary(len(problems)))
        rest = batch[writer.rows_sent:]
        if rest:
            locked = locked + load.locked(rest) if locked else load.write(rest)
        if locked:
            raise Refused(locked, refused_summary(len(locked)))
        load.finish()
    return LoadResult(len(batch), load.created, load.updated)
