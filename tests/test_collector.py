"""The collector settings of a run are undone after it, and a disabled collector stays off."""

from __future__ import annotations

import gc

from cleaner.collector import YOUNG_OBJECTS, collecting_less_often


def test_the_threshold_is_raised_for_the_run_and_restored_after() -> None:
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        with collecting_less_often():
            assert gc.get_threshold() == (YOUNG_OBJECTS, 10, 10)
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(0, 10, 10)  # the collector off: left so
        with collecting_less_often():
            assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)
