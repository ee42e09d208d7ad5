"""The lowest CPU priority, for work that must not slow the answers readers are waiting for: a server worker's
warming, and the Chromium that draws exports (four readers making newsroom packs once took a plain API answer
from 2 ms to over 400 ms on two cores).

On Linux a thread is its own task with its own scheduling, and the threads and processes it starts inherit it:
lowering one thread lowers what it starts, and nothing else of the process. The policy is SCHED_IDLE (run only
when nothing else wants the CPU), not just nice 19: Chromium sets its own processes' nice values (-8 to 5 as
seen), which count for nothing under SCHED_IDLE.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TypeVar

LOWEST = 19
Result = TypeVar("Result")


def lower_this_thread() -> None:
    """SCHED_IDLE and nice 19 for the calling thread (and what it starts from now on); not Linux, or not allowed:
    left as is."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))  # 0: the calling thread
    except (AttributeError, OSError):
        pass
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST)
    except (AttributeError, OSError):
        pass


def started_low(start: Callable[[], Result]) -> Result:
    """Call `start` in a thread of its own at the lowest priority, so that the threads and processes it starts
    run there, and return what it returns (or raise what it raises)."""
    outcome: list = []

    def run() -> None:
        lower_this_thread()
        try:
            outcome.append((True, start()))
        except BaseException as error:  # noqa: BLE001 (handed to the caller, raised there)
            outcome.append((False, error))

    thread = threading.Thread(target=run, name="started-low")
    thread.start()
    thread.join()
    ok, value = outcome[0]
    if not ok:
        raise value
    return value
