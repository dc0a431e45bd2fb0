"""Writing a load on SQLite (and any other database): existing values fetched once into a dict,
then bulk_create and executemany."""
from __future__ import annotations

from django.db import connection
from django.utils import timezone

from lianggang.monitoring.bulk.conflicts import blocked_states, conflict_problems
from lianggang.monitoring.bulk.rows import LOADED, Batch, GivenColumns, cached_flag_fields
from lianggang.audit.services import user_name
from lianggang.monitoring.models import FLAG_CODES, Value, ValueChange
from lianggang.monitoring.tabular import Refused


def write_generic(batch: Batch, user, state, reason, source, is_sample, sheet,
                   given: GivenColumns, overwrite_approved: bool = False) -> tuple[int, int]:
    """SQLite and others: existing values fetched once into a dict, then bulk_create and executemany."""
    now = timezone.now()
    user_id = getattr(user, "pk", None)
    name = user_name(user)
    existing: dict[tuple, tuple] = {}
    ind_ids, years = {r[1] for r in batch}, {r[3] for r in batch}
    qs = (Value.objects.filter(indicator_id__in=ind_ids, year__in=years)
          .values_list("indicator_id", "region_id", "year", "sex", "area", "age_group", "id", "value", "state",
                       "version", "source"))
    for row in qs.iterator(chunk_size=20000):
        existing[row[:6]] = row[6:]
    blocked = blocked_states(state, overwrite_approved)
    conflicts, new, changed = [], [], []
    for r in batch:
        old = existing.get(r[1:7])
        if old is None:
            new.append(r)
        elif old[2] in blocked:
            conflicts.append((r[0], old[2]))
        else:
            changed.append((r, old))
    if conflicts:
        raise Refused(conflict_problems(conflicts, sheet))
    created = Value.objects.bulk_create([
        Value(indicator_id=r[1], region_id=r[2], year=r[3], sex=r[4], area=r[5], age_group=r[6], value=r[7],
              unit=r[8], source=r[10] or source, note=r[9], is_sample=is_sample, state=state, version=1,
              updated_at=now, updated_by_id=user_id, **cached_flag_fields(r[11]))
        for r in new], batch_size=2000)
    history = [ValueChange(value_id=v.pk, action=LOADED, old_value=None, new_value=v.value, old_state="",
                           new_state=state, reason=reason, user_id=user_id, user_name=name, at=now) for v in created]
    if changed:
        V = Value._meta.db_table
        flags = "".join(f", {code} = %s" for code in FLAG_CODES) if given.flags else ""

        def new_source(r, old) -> str:
            # A file with a 来源 column says what it is; without, an existing value keeps its own.
            return r[10] if given.source else (source or old[4])

        def new_flags(r) -> tuple:
            return tuple(cached_flag_fields(r[11]).values()) if given.flags else ()
        with connection.cursor() as cur:
            cur.executemany(
                f"UPDATE {V} SET value = %s, unit = %s, note = %s, source = %s{flags}, is_sample = %s, state = %s,"
                f" version = version + 1, updated_at = %s, updated_by_id = %s WHERE id = %s",
                [(r[7], r[8], r[9], new_source(r, old), *new_flags(r), is_sample, state, now, user_id, old[0])
                 for r, old in changed])
        history += [ValueChange(value_id=old[0], action=LOADED, old_value=old[1], new_value=r[7], old_state=old[2],
                                new_state=state, reason=reason, user_id=user_id, user_name=name, at=now)
                    for r, old in changed]
    ValueChange.objects.bulk_create(history, batch_size=2000)
    return len(new), len(changed)
