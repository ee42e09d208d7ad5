"""Work started low runs at nice 19, and so does what it starts; the caller keeps its own priority."""

import os
import subprocess
import threading

import pytest

from etl import priority


def nice_of_this_thread() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def test_what_is_started_low_runs_low_and_the_caller_does_not():
    before = nice_of_this_thread()
    inside = priority.started_low(nice_of_this_thread)
    policy = priority.started_low(lambda: os.sched_getscheduler(0))
    child = priority.started_low(lambda: subprocess.run(["sh", "-c", "cut -d' ' -f19 /proc/self/stat"],
                                                        capture_output=True, text=True, check=True).stdout)
    assert inside == priority.LOWEST and policy == os.SCHED_IDLE
    assert int(child) == priority.LOWEST  # a process started there inherits it (field 19 of stat: nice)
    assert nice_of_this_thread() == before and os.sched_getscheduler(0) == os.SCHED_OTHER


def test_an_error_of_work_started_low_is_raised_to_the_caller():
    def fail():
        raise LookupError("no such export")

    with pytest.raises(LookupError, match="no such export"):
        priority.started_low(fail)
