"""Run a CLI as the whole process and leave without the interpreter's teardown.

When a process ends, Python frees every module and object one by one. A crawl leaves Scrapy, Twisted,
SQLAlchemy, pydantic and lxml loaded, and that teardown alone costs ~0.3 s of CPU (strace of a no-change
re-crawl on the bench mirror: 0.28 s without a single system call after the exit handlers ran), a fifth of
a no-change crawl, which the scheduler starts every day for every source group. The operating system
frees all of it at once anyway.

What is kept: the command's exit status, and everything the interpreter does before its teardown. It joins
the non-daemon threads, then runs every exit handler (``atexit``: multiprocessing joins its children,
temporary directories go, ...); then logging is shut down and the standard streams flushed. What is
skipped: module teardown and ``__del__`` of the objects still alive at exit, which a command must not rely
on for anything it writes (ours close files and dispose of engines themselves).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import sys
from collections.abc import Callable
from typing import NoReturn

_INTERRUPTED = 130  # the shell's status for a command stopped by Ctrl-C


def run_as_process(main: Callable[[], object]) -> NoReturn:
    """Call ``main`` (a CLI entry point that may raise ``SystemExit``) and exit with its status."""
    status = 1

    def leave() -> None:
        logging.shutdown()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more can be written
                stream.flush()
        os._exit(status)

    # The interpreter joins non-daemon threads, then runs exit handlers last-registered first: the ones that
    # the command's imports register run before this one.
    atexit.register(leave)
    try:
        main()
        status = 0
    except SystemExit as exc:
        status = _status(exc.code)
        raise
    except KeyboardInterrupt:
        status = _INTERRUPTED
        raise
    except BaseException:  # the interpreter prints the traceback before it runs exit handlers
        status = 1
        raise
    raise SystemExit(0)


def _status(code: object) -> int:
    """The status the interpreter gives ``sys.exit(code)`` (it prints a non-integer code itself)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    return 1
