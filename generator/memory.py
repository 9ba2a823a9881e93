"""Giving freed memory back to the operating system between the steps of a build."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        found: Callable[[int], int] | None = getattr(ctypes.CDLL(name), "malloc_trim", None)
    except OSError:
        return None
    return found


def release() -> None:
    """Returns the heap's free pages (glibc's `malloc_trim`), so that a step's temporary
    structures stop counting against the build's memory once it is over; does nothing where
    the C library has no such call."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
