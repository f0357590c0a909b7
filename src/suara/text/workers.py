"""Forked worker processes for big batches of text, and the collector pause.

Analysing a comment is CPU-bound Python, so on N cores N processes analyse N times as many
comments: the analyser's own and N − 1 workers. The accurate tier's encoder (PyTorch) runs
one thread in each process then (:func:`one_torch_thread`): its small per-comment steps
keep one core busier than they keep two threads of one process. The workers are forked from
the analyser's process after its models and tables are loaded, so they start with everything
in memory and nothing to pickle on the way in; they are kept between calls (the fork and the
cold caches are paid once). Results come back pickled by the worker and unpickled here, each
with the cyclic collector paused (:func:`paused_gc`).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import sys
import weakref
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

from suara.domain.errors import TextModelError

T = TypeVar("T")
CALLER_HELPS_BELOW = 8
"""With fewer workers the calling process analyses chunks too; with more, unpickling their
results and keeping their queues full is work enough for it."""
Batch = Callable[[Sequence[str]], list[T]]


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class WorkerPool(Generic[T]):
    """``workers`` processes that each run ``batch`` (a bound method of the analyser that
    owns the pool) on chunks of texts, beside the owner's own process. The pool holds the
    method weakly: it must not keep its owner alive, and its processes stop when the owner is
    dropped or calls :meth:`close`."""

    def __init__(self, batch: Batch[T], workers: int, key: object) -> None:
        self.workers = workers
        self.key = key  # what the owner built it for (its models): another key, another pool
        self.pid = os.getpid()
        self._executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start,
            initargs=(weakref.WeakMethod(batch),),
        )
        self._closer = weakref.finalize(self, self._executor.shutdown, cancel_futures=True)

    @property
    def usable(self) -> bool:
        """Open, and this process's own (a process forked from the owner inherits the pool
        object, not its processes)."""
        return self._closer.alive and self.pid == os.getpid()

    def share(
        self, chunks: Sequence[Sequence[str]], here: Batch[T]
    ) -> Generator[tuple[int, list[T]], None, None]:
        """Each chunk's results as soon as they are ready, with the chunk's index. The worker
        processes take chunks from the front, this process (running ``here``, with fewer than
        ``CALLER_HELPS_BELOW`` workers) takes them from the back: only the workers' share
        crosses between processes, and pickling it costs about a tenth of analysing it. Each
        worker has up to two chunks queued, so it never waits for this one. Leaving early
        cancels the queued chunks; a worker that died or a pool closed meanwhile is a
        :class:`TextModelError`, and a broken pool is closed so its owner starts a new one
        next time."""
        todo = deque(range(len(chunks)))
        running: dict[Future[bytes], int] = {}
        helps = self.workers < CALLER_HELPS_BELOW
        try:
            while todo or running:
                while todo and len(running) < 2 * self.workers and (len(todo) > 1 or not helps):
                    index = todo.popleft()  # with few workers the last chunk is left to us
                    running[self._submit(chunks[index])] = index
                if todo and helps:
                    index = todo.pop()
                    yield index, here(chunks[index])
                    finished = [future for future in running if future.done()]
                else:
                    finished = list(wait(running, return_when=FIRST_COMPLETED).done)
                for future in finished:
                    yield running.pop(future), _unpickled(future.result())
        except BrokenProcessPool as exc:
            self.close()
            raise TextModelError(
                "a text analysis worker process died (out of memory?); "
                "run again, or with fewer workers"
            ) from exc
        except CancelledError as exc:
            raise TextModelError("the text analysis workers were closed during the run") from exc
        finally:
            for future in running:
                future.cancel()

    def _submit(self, chunk: Sequence[str]) -> Future[bytes]:
        try:
            return self._executor.submit(_run, chunk)
        except RuntimeError as exc:  # shut down by another thread meanwhile
            raise TextModelError("the text analysis workers were closed during the run") from exc

    def close(self) -> None:
        """Stop the processes (once); a pool inherited from a parent process is only let go,
        its processes are the parent's."""
        if self.pid == os.getpid():
            self._closer()
        else:
            self._closer.detach()


_batch: list[Callable[[Sequence[str]], list[Any]]] = []


def _start(batch: weakref.WeakMethod[Batch[Any]]) -> None:
    """Runs in a freshly forked worker, whose copy of the parent's memory holds the owner."""
    method = batch()
    assert method is not None, "the owner is alive while it forks its workers"
    _batch[:] = [method]
    torch = sys.modules.get("torch")
    if torch is not None:  # one thread a process; the fork left no thread pool behind
        torch.set_num_threads(1)


@contextmanager
def one_torch_thread() -> Iterator[None]:
    """PyTorch on one thread in this process for a while (while workers share the cores),
    as many as before afterwards; nothing to do where PyTorch is not loaded."""
    torch = sys.modules.get("torch")
    if torch is None:
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _run(texts: Sequence[str]) -> bytes:
    """A chunk's results, pickled here with the collector paused, not by the pool's queue
    with it running."""
    results = _batch[0](texts)
    with paused_gc():
        return pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)


def _unpickled(payload: bytes) -> list[Any]:
    with paused_gc():
        results: list[Any] = pickle.loads(payload)
    return results


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a short burst of allocations. A batch of the
    fast tier allocates tens of thousands of small objects, none in a reference cycle
    (reference counting frees them all), yet each few hundred allocations start a collection
    that walks every live object, the models' tables included: a quarter of the fast tier's
    time, and three quarters of unpickling a batch's results (``bench/text_bench.py``). The
    pause is process-wide, so it is kept to work that lasts milliseconds; a collector already
    off stays off."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def own_cores() -> int:
    """The cores this process may run on (all of them where the system cannot say)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1
