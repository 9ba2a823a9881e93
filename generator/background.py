"""Work that runs beside the build on the machine's other core: a forked process, joined later.

The task gets a `send` function: what it sends the parent receives with `receive()`, in
order, before the task has finished. Where `fork` is not available (Windows, or macOS by default),
the task runs in this process when its result is first asked for: the same result, in series.
"""

from __future__ import annotations

import gc
import multiprocessing
import queue
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

Send = Callable[[Any], None]


class BackgroundError(Exception):
    """The background work failed; the message is its error (with a traceback, for a bug)."""


def _run(connection: Connection, task: Callable[..., None], args: tuple[Any, ...]) -> None:
    # Messages go out from a thread: a pipe holds only 64 KB, and the task must not wait for
    # the parent to read one before it goes on with its next piece of work.
    outbox: queue.SimpleQueue[tuple[str, Any] | None] = queue.SimpleQueue()

    def post() -> None:
        while (message := outbox.get()) is not None:
            connection.send(message)

    sender = threading.Thread(target=post, daemon=True)
    sender.start()
    try:
        task(*args, lambda value: outbox.put(("value", value)))
        outbox.put(("done", None))
    except Exception as error:  # reported to the parent, which raises it as a build error
        outbox.put(("error", f"{error.__class__.__name__}: {error}\n{traceback.format_exc()}"))
        raise SystemExit(1) from None
    finally:
        outbox.put(None)
        sender.join()


class Job:
    """A task started now, in a forked process where the platform allows."""

    def __init__(self, task: Callable[..., None], *args: Any, fork: bool = True) -> None:
        self.task, self.args = task, args
        self.values: list[Any] = []
        self.process: multiprocessing.process.BaseProcess | None = None
        if fork and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            # Out of the collector's sight until the job is joined: a collection writes to
            # every object it visits, and a page written by either process is a page copied.
            gc.freeze()
            self.connection, child = context.Pipe(duplex=False)
            self.process = context.Process(target=_run, args=(child, task, args), daemon=True)
            self.process.start()
            child.close()
        self.finished = False

    def _run_here(self) -> None:
        if not self.finished:
            self.finished = True
            try:
                self.task(*self.args, self.values.append)
            except Exception as error:  # as the forked process reports it
                raise BackgroundError(f"{error.__class__.__name__}: {error}") from error

    def _next(self) -> tuple[str, Any]:
        try:
            return self.connection.recv()  # type: ignore[no-any-return]
        except EOFError:
            return ("error", "the background process ended without a word")

    def receive(self) -> Any:
        """The next thing the task sent; waits for it."""
        if self.process is None:
            self._run_here()
            if not self.values:
                raise BackgroundError("the background task sent less than was asked for")
            return self.values.pop(0)
        kind, value = self._next()
        if kind == "done":
            self.cancel()
            raise BackgroundError("the background task sent less than was asked for")
        if kind == "error":
            self.cancel()
            raise BackgroundError(value)
        return value

    def wait(self) -> None:
        """Until the task is done; raises what it raised."""
        if self.process is None:
            self._run_here()
            return
        kind, value = self._next()
        self.process.join()
        gc.unfreeze()
        if kind == "error" or self.process.exitcode != 0:
            raise BackgroundError(value or f"exit code {self.process.exitcode}")

    def cancel(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()
            gc.unfreeze()
