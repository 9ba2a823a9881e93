"""The build's second process: what its task sends arrives in order, without the task waiting
for the build to read it, and its errors come back as errors; without fork, the same in series."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator import background


def chunks(marker: Path, count: int, send: background.Send) -> None:
    for number in range(count):
        send([number] * 10_000)  # 200 of these are 2 MB: far more than a pipe holds
    marker.write_text("finished", "utf-8")


def fails(send: background.Send) -> None:
    send("first")
    raise ValueError("the search index could not be written")


@pytest.mark.parametrize("fork", [True, False])
def test_sent_values_arrive_in_order(tmp_path: Path, fork: bool) -> None:
    marker = tmp_path / "marker"
    job = background.Job(chunks, marker, 200, fork=fork)
    if fork:
        # The task runs to its end while nothing is read: it never waits on the pipe.
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists()
    assert [job.receive()[0] for _ in range(200)] == list(range(200))
    job.wait()
    assert marker.read_text("utf-8") == "finished"


@pytest.mark.parametrize("fork", [True, False])
def test_a_failing_task_is_an_error_with_its_message(fork: bool) -> None:
    job = background.Job(fails, fork=fork)
    with pytest.raises(background.BackgroundError, match=r"ValueError: .*could not be written"):
        assert job.receive() == "first"  # in series, the task has failed by now
        job.wait()


@pytest.mark.parametrize("fork", [True, False])
def test_asking_for_more_than_was_sent_is_an_error(fork: bool) -> None:
    job = background.Job(chunks, Path("/dev/null"), 1, fork=fork)
    assert job.receive() == [0] * 10_000
    with pytest.raises(background.BackgroundError, match="sent less"):
        job.receive()


def doubles(send: background.Send, receive: background.Receive) -> None:
    while (value := receive()) is not None:
        send([2 * v for v in value])


@pytest.mark.parametrize("fork", [True, False])
def test_posted_values_reach_the_task_in_order(fork: bool) -> None:
    job = background.Job(doubles, fork=fork, inbox=True)
    for number in range(50):
        job.post([number] * 100_000)  # far more than a pipe holds: `post` does not wait
    job.post(None)
    assert [job.receive()[0] for _ in range(50)] == [2 * n for n in range(50)]
    job.wait()


def test_a_task_waiting_for_input_ends_when_its_parent_is_killed() -> None:
    # SIGTERM to the build: its worker, waiting for the papers, must not live on (holding
    # memory and the build's output pipes) as an orphan.
    import os
    import signal
    import subprocess
    import sys

    code = """
import os, signal, sys
from generator import background

def waits(send, receive):
    receive()

job = background.Job(waits, inbox=True)
print(job.process.pid, flush=True)
os.kill(os.getpid(), signal.SIGTERM)
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == -signal.SIGTERM, done.stderr
    child = int(done.stdout.split()[0])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(child, signal.SIGKILL)
        raise AssertionError("the worker outlived its parent")
