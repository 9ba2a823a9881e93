"""Writing many files with as few system calls as possible, optionally on threads that overlap
the disk's time with the CPU's (file system calls release the GIL)."""

from __future__ import annotations

import os
import queue
import threading
from pathlib import Path
from types import TracebackType

Item = tuple[Path, bytes] | None
FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


class Writer:
    """`write()` writes a file, or queues it when there are `threads` (at most `pending` wait,
    to bound memory); `close()` waits for all and raises the first error."""

    def __init__(self, threads: int = 2, pending: int = 256) -> None:
        self.queue: queue.Queue[Item] = queue.Queue(maxsize=pending)
        self.errors: list[OSError] = []
        # Folders known to exist: a page's folder is made once, not asked for again per file.
        self.folders: set[Path] = set()
        self.threads = [threading.Thread(target=self._work, daemon=True) for _ in range(threads)]
        for thread in self.threads:
            thread.start()

    def _write(self, path: Path, data: bytes) -> None:
        folder = path.parent
        if folder not in self.folders:
            folder.mkdir(parents=True, exist_ok=True)
            self.folders.add(folder)
        # os.open rather than open(): no buffer, no isatty and seek calls, for 40,000 files.
        descriptor = os.open(path, FLAGS, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
        finally:
            os.close(descriptor)

    def _work(self) -> None:
        while (item := self.queue.get()) is not None:
            try:
                self._write(*item)
            except OSError as error:
                self.errors.append(error)

    def write(self, path: Path, data: bytes) -> None:
        if self.errors:
            raise self.errors[0]
        if self.threads:
            self.queue.put((path, data))
        else:
            self._write(path, data)

    def close(self) -> None:
        for _ in self.threads:
            self.queue.put(None)
        for thread in self.threads:
            thread.join()
        if self.errors:
            raise self.errors[0]

    def __enter__(self) -> Writer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
