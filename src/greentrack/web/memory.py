"""The server's memory: glibc's malloc arenas capped before uvicorn's threads start.

glibc gives each thread that allocates its own arena (up to 8 per core) and keeps what it frees there:
a threaded server's resident memory then grows by hundreds of MiB for nothing (the national ledger under
20 clients: 611 MiB with the default, under 400 MiB with two arenas). Two is the usual setting for
threaded Python servers (what MALLOC_ARENA_MAX=2 in the environment does); `serve` sets it itself so that
`greentrack serve` needs no variable. Elsewhere than Linux/glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

M_ARENA_MAX = -8  # glibc's malloc.h
ARENAS = 2


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas (call before threads start); whether it was set. MALLOC_ARENA_MAX in the
    environment wins: glibc has read it already and whoever set it meant it."""
    if not sys.platform.startswith("linux") or os.environ.get("MALLOC_ARENA_MAX"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl and others have no mallopt: nothing to cap
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, arenas))
