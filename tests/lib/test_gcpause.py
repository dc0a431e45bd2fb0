"""The collector pause must end with its block, even on refusal: a long-running server
left with the cyclic collector off would leak every cycle it ever made."""
from __future__ import annotations

import gc

import pytest

from lianggang.lib.gcpause import gc_paused, without_gc
from lianggang.monitoring.tabular import Refused, read_tidy


def test_paused_inside_and_restored_after_an_error():
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError):
        with gc_paused():
            assert not gc.isenabled()
            1 / 0
    assert gc.isenabled()


def test_a_caller_that_had_paused_it_keeps_it_paused():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_refused_file_leaves_the_collector_on():
    with pytest.raises(Refused):
        read_tidy("empty.csv", b"")
    assert gc.isenabled()


def test_the_decorator_keeps_the_function_name_and_result():
    @without_gc
    def collecting_state():
        return gc.isenabled()

    assert collecting_state() is False and collecting_state.__name__ == "collecting_state"
    assert gc.isenabled()
