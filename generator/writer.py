"""Writing many files while the next ones are made: file system calls release the GIL, so a
couple of threads overlap the disk's time with the CPU's."""

from __future__ import annotations

import queue
import threading
from pathlib import Path
from types import TracebackType

Item = tuple[Path, bytes] | None


class Writer:
    """`write()` queues a file (at most `pending` wait, to bound memory); `close()` waits for
    all and raises the first error."""

    def __init__(self, threads: int = 2, pending: int = 256) -> None:
        self.queue: queue.Queue[Item] = queue.Queue(maxsize=pending)
        self.errors: list[OSError] = []
        self.threads = [threading.Thread(target=self._work, daemon=True) for _ in range(threads)]
        for thread in self.threads:
            thread.start()

    def _work(self) -> None:
        while (item := self.queue.get()) is not None:
            path, data = item
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            except OSError as error:
                self.errors.append(error)

    def write(self, path: Path, data: bytes) -> None:
        if self.errors:
            raise self.errors[0]
        self.queue.put((path, data))

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
