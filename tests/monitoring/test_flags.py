"""A value's source and flags (初步数 …): the one table, its words, and the services that set them."""
from __future__ import annotations

from decimal import Decimal

import pytest

from lianggang.monitoring import entry
from lianggang.monitoring.errors import InvalidValue
from lianggang.monitoring.models import FLAG_CODES, FLAGS, Value, flags_text, read_flags
from lianggang.monitoring.rules import Cell


def test_every_flag_is_a_value_field_with_its_own_mark():
    assert FLAG_CODES == ("provisional", "estimated", "revised", "series_break")
    assert all(isinstance(Value._meta.get_field(code).default, bool) for code in FLAG_CODES)
    assert len({f.mark for f in FLAGS}) == len(FLAGS)
    assert [str(Value._meta.get_field(f.code).verbose_name) for f in FLAGS] == [f.name for f in FLAGS]


@pytest.mark.parametrize("text, codes, unknown", [
    # the names a file writes, one or several
    ("初步数", {"provisional"}, []),
    ("初步数、估计数", {"provisional", "estimated"}, []),
    (" 修订数 ， 口径变化 ", {"revised", "series_break"}, []),
    ("初步数;估计数/修订数", {"provisional", "estimated", "revised"}, []),
    # codes and other words for the same flags
    ("provisional,Revised", {"provisional", "revised"}, []),
    ("口径调整", {"series_break"}, []),
    ("序列中断", {"series_break"}, []),
    # nothing, and words that name no flag
    ("", set(), []),
    ("   ", set(), []),
    ("初步数、暂定", {"provisional"}, ["暂定"]),
    ("p", set(), ["p"]),
])
def test_a_flag_cell_is_read_word_by_word(text, codes, unknown):
    assert read_flags(text) == (frozenset(codes), unknown)


def test_flags_are_written_in_the_tables_order_and_read_back():
    text = flags_text({"series_break", "provisional"})
    assert text == "初步数、口径变化"
    assert read_flags(text)[0] == {"series_break", "provisional"}
    assert flags_text({"sample"}) == ""          # the evaluation's "sample" is no flag of a value


def test_enter_value_sets_source_and_flags_and_keeps_those_not_given(world):
    imr = world.indicators["imr"]
    v = entry.enter_value(world.filler_health, world.round, imr, "5.1", source="卫统年报",
                      flags={"provisional": True, "estimated": True})
    assert (v.source, v.flag_codes) == ("卫统年报", ["provisional", "estimated"])
    v = entry.enter_value(world.filler_health, world.round, imr, "5.0", expected_version=v.version,
                      flags={"provisional": False})
    assert (v.source, v.flag_codes) == ("卫统年报", ["estimated"])
    with pytest.raises(ValueError, match="not a flag"):
        entry.enter_value(world.filler_health, world.round, imr, "5.0", expected_version=v.version, flags={"sample": True})


def test_a_source_too_long_to_keep_is_refused_on_the_source(world):
    with pytest.raises(InvalidValue) as e:
        entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5.1", source="年" * 51)
    assert e.value.field == "source" and "来源不能超过50个字" in e.value.message
    assert not Value.objects.exists()


def test_write_entries_sets_source_and_flags_where_given_and_keeps_them_where_not(world):
    imr, mmr = world.indicators["imr"], world.indicators["mmr"]
    health = world.departments["health"]

    def write(*entries):
        return entry.write_entries(world.filler_health, world.round, health, list(entries))
    write(entry.Entry(imr, Cell(), "5.1", "", source="卫统年报", flags=frozenset({"revised"})),
          entry.Entry(mmr, Cell(), "12", ""))
    first = Value.objects.get(indicator=imr)
    assert (first.source, first.flag_codes) == ("卫统年报", ["revised"])
    assert (Value.objects.get(indicator=mmr).source, Value.objects.get(indicator=mmr).flag_codes) == ("", [])
    write(entry.Entry(imr, Cell(), "5.0", "", expected_version=first.version))
    kept = Value.objects.get(indicator=imr)
    assert (kept.value, kept.source, kept.flag_codes) == (Decimal("5.0"), "卫统年报", ["revised"])
    write(entry.Entry(imr, Cell(), "5.0", "", source="", flags=frozenset(), expected_version=kept.version))
    cleared = Value.objects.get(indicator=imr)
    assert (cleared.source, cleared.flag_codes) == ("", [])
    with pytest.raises(entry.EntriesRefused) as refused:
        write(entry.Entry(imr, Cell(), "4.9", "", source="年" * 51, expected_version=cleared.version))
    assert [(p.index, p.field) for p in refused.value.problems] == [(0, "source")]
