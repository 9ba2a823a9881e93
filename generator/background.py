"""Work that runs beside the build on the machine's other core: a forked process, joined later.

The task gets a `send` function: what it sends the parent receives with `receive()`, in
order, before the task has finished. A job started with `inbox=True` also gets a `receive`
function: what the parent gives it with `post()`, in order (so that a process started early, to
import or load while the parent reads, can be handed the rest of its input later). Where `fork`
is not available (Windows, or macOS by default), the task runs in this process when its result
is first asked for (after everything was posted): the same result, in series.
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
Receive = Callable[[], Any]


class BackgroundError(Exception):
    """The background work failed; the message is its error (with a traceback, for a bug)."""

    @property
    def summary(self) -> str:
        """The error alone, without the traceback: what a user is shown."""
        return (str(self).splitlines() or [""])[0]


def _run(
    connection: Connection,
    task: Callable[..., None],
    args: tuple[Any, ...],
    inbox: Connection | None,
    parent_ends: tuple[Connection, ...] = (),
) -> None:
    # The parent's ends of the pipes, inherited through the fork: closed, so that the inbox
    # reads end-of-file (and the task ends) when the parent dies, rather than waiting for a
    # message from a writer that is only this process itself.
    for end in parent_ends:
        end.close()
    # Messages go out from a thread: a pipe holds only 64 KB, and the task must not wait for
    # the parent to read one before it goes on with its next piece of work.
    outbox: queue.SimpleQueue[tuple[str, Any] | None] = queue.SimpleQueue()

    def post() -> None:
        while (message := outbox.get()) is not None:
            try:
                connection.send(message)
            except OSError:  # the parent has gone: nobody to tell
                return

    sender = threading.Thread(target=post, daemon=True)
    sender.start()
    try:
        extra = (inbox.recv,) if inbox is not None else ()
        task(*args, lambda value: outbox.put(("value", value)), *extra)
        outbox.put(("done", None))
    except Exception as error:  # reported to the parent, which raises it as a build error
        outbox.put(("error", f"{error.__class__.__name__}: {error}\n{traceback.format_exc()}"))
        raise SystemExit(1) from None
    finally:
        outbox.put(None)
        sender.join()


class Job:
    """A task started now, in a forked process where the platform allows."""

    def __init__(
        self, task: Callable[..., None], *args: Any, fork: bool = True, inbox: bool = False
    ) -> None:
        self.task, self.args, self.inbox = task, args, inbox
        self.values: list[Any] = []
        self.posted: list[Any] = []  # in series: what `post` gave, for the task to receive
        self.process: multiprocessing.process.BaseProcess | None = None
        self.to_task: Connection | None = None
        self.outbox: queue.SimpleQueue[tuple[Any] | None] = queue.SimpleQueue()
        self.sender: threading.Thread | None = None
        if fork and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            # Out of the collector's sight until the job is joined: a collection writes to
            # every object it visits, and a page written by either process is a page copied.
            gc.freeze()
            self.connection, child = context.Pipe(duplex=False)
            task_end: Connection | None = None
            if inbox:
                task_end, self.to_task = context.Pipe(duplex=False)
            parent_ends = (self.connection, self.to_task) if self.to_task else (self.connection,)
            self.process = context.Process(
                target=_run, args=(child, task, args, task_end, parent_ends), daemon=True
            )
            self.process.start()
            child.close()
            if task_end is not None:
                task_end.close()
        self.finished = False

    def post(self, value: Any) -> None:
        """Give the task (started with `inbox=True`) its next input, without waiting for the
        task to read it (a thread sends it: the task may still be loading)."""
        if self.to_task is None:
            self.posted.append(value)
            return
        if self.sender is None:
            self.sender = threading.Thread(
                target=self._send_posted, args=(self.to_task,), daemon=True
            )
            self.sender.start()
        self.outbox.put((value,))  # in a tuple: None is the sender's end

    def _send_posted(self, connection: Connection) -> None:
        while (item := self.outbox.get()) is not None:
            try:
                connection.send(item[0])
            except OSError:  # the task has ended (its error comes back through `receive`)
                return

    def _run_here(self) -> None:
        if not self.finished:
            self.finished = True
            extra = (lambda: self.posted.pop(0),) if self.inbox else ()
            try:
                self.task(*self.args, self.values.append, *extra)
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
        self._close_inbox()
        gc.unfreeze()
        if kind == "error" or self.process.exitcode != 0:
            raise BackgroundError(value or f"exit code {self.process.exitcode}")

    def cancel(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()
            gc.unfreeze()
        self._close_inbox()

    def _close_inbox(self) -> None:
        if self.sender is not None:
            self.outbox.put(None)
            self.sender.join(timeout=5)  # it ends at once: the task has ended, or reads
            self.sender = None
        if self.to_task is not None:
            self.to_task.close()  # not left open in the processes forked after this one
            self.to_task = None


class Claims:
    """Positions 0 to `total` shared out between this process and a forked one as they go: one
    takes chunks from the front, the other from the back, until they meet, so that neither
    waits for the other whatever their speeds. Made before the fork (its bounds are shared
    memory); in series, the same calls work in one process."""

    def __init__(self) -> None:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.bounds = context.Array("q", 2)

    def reset(self, total: int) -> None:
        with self.bounds.get_lock():
            self.bounds[0], self.bounds[1] = 0, total

    def front(self, size: int) -> range | None:
        """The next `size` positions (or fewer) from the front; None when all are taken."""
        with self.bounds.get_lock():
            start, end = self.bounds[0], self.bounds[1]
            if start >= end:
                return None
            self.bounds[0] = min(start + size, end)
            return range(start, self.bounds[0])

    def front_position(self) -> int:
        """The first position not taken from the front: those before it are taken."""
        with self.bounds.get_lock():
            return int(self.bounds[0])

    def back(self, size: int) -> range | None:
        """The last `size` positions (or fewer) not yet taken; None when all are taken."""
        with self.bounds.get_lock():
            start, end = self.bounds[0], self.bounds[1]
            if start >= end:
                return None
            self.bounds[1] = max(end - size, start)
            return range(self.bounds[1], end)
