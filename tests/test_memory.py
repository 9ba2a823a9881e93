"""Freed memory goes back to the operating system when a build step ends."""

from __future__ import annotations

import gc
from pathlib import Path

from generator import memory


def resident_kb() -> int:
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1])


def test_release_returns_freed_heap_pages() -> None:
    # Many mid-sized strings (malloc's heap, not whole mappings), all but a few let go: glibc
    # keeps the freed pages until asked to give them back.
    strings = [("x" * 2000) + str(n) for n in range(40_000)]
    kept = strings[::1000]
    del strings
    before = resident_kb()
    memory.release()
    assert resident_kb() < before - 20_000
    assert len(kept) == 40


def test_the_collector_is_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with memory.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with memory.collector_paused():
            pass
        assert not gc.isenabled()  # it was off before, and stays so
    finally:
        gc.enable()
