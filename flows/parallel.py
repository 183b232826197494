"""Extraction on every core: forked processes run a pure per-capture function on chunks of a batch.

Extraction is CPU-bound pure Python (regular expressions over text, PDF layout analysis), so threads cannot share
it out; processes can. Transforms do no I/O and keep no state but their caches, so forking is safe, and workers
forked from a warm process start with those caches built (the town index, organisation names, parsers' imports):
`warm_up` builds them once in this process before its first fork. Results come back in the batch's order.

A worker that dies (a parser crashing the interpreter, the kernel killing it for memory) loses only its chunk:
each of those captures is then tried alone in a fresh process, and one that kills that process too becomes a
`parser_crash` rejection — the batch goes on, like a parser that raises. This process never runs a capture itself
when there are workers.

A run keeps one `ExtractionPool` and feeds it batch after batch (`overlapped`): while this process dedupes and
publishes a batch, the workers already extract the next — the two halves of the pipeline use the cores together
instead of in turn.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from typing import TypeVar

from glaneur.processes import available_cores
from glaneur.record import Capture, Rejection

R = TypeVar("R")
B = TypeVar("B")
PARSER_CRASH = "parser_crash"
# Small chunks keep every core busy to the end of a batch; large ones pickle less. A few per worker does both.
CHUNKS_PER_WORKER = 4
# Workers yield the cores to this process: while they extract the next batch, publishing this one is what the run
# waits for, so it should not queue behind them; they take whatever it leaves.
WORKER_NICENESS = 5
# Allocations between collections of the youngest generation while a pool runs (Python's default is 700).
RUN_GC_THRESHOLD = 20_000
_warmed: set[Callable[[], object]] = set()


def _run_chunk(function: Callable[[Capture, date], R], captures: Sequence[Capture], today: date) -> list[R]:
    return [function(capture, today) for capture in captures]


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=os.nice, initargs=(WORKER_NICENESS,))


def _alone(function: Callable[[Capture, date], R], capture: Capture, today: date) -> R | Rejection:
    """One capture in its own process: its result, or a rejection when the process dies."""
    with _pool(1) as pool:
        try:
            return pool.submit(_run_chunk, function, [capture], today).result()[0]
        except BrokenProcessPool:
            return Rejection(PARSER_CRASH, "the parser's process died on this input (crash or out of memory)")


class ExtractionPool:
    """Forked workers kept for a whole run: a batch is submitted, other work goes on here, its results are collected
    later — so the workers extract the next batch while this process publishes the current one.

    Workers fork once, when the first batch that needs them arrives (after `warm_up`), not once per batch. A pool
    broken by a dying worker is dropped: the captures it held are tried one by one (`_alone`) and the next batch
    gets a fresh pool.
    """

    def __init__(self, function: Callable[[Capture, date], R], *, workers: int | None = None,
                 warm_up: Callable[[], object] | None = None) -> None:
        self.function = function
        self.workers = workers or available_cores()
        self.warm_up = warm_up
        self._pool: ProcessPoolExecutor | None = None
        self._gc_thresholds: tuple[int, ...] | None = None  # the process's own, while the run's are in force

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._gc_thresholds is not None:
            gc.unfreeze()
            gc.set_threshold(*self._gc_thresholds)
            self._gc_thresholds = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            if self.warm_up is not None and self.warm_up not in _warmed:
                self.warm_up()
                _warmed.add(self.warm_up)
            # What exists now (modules, the transforms' indexes) lives all run: out of the collector's sight, as
            # the gc docs advise before a fork, so that workers' collections do not touch (hence copy) the pages
            # they share with this process. And a run makes objects by the million, most short-lived: collecting
            # the youngest every RUN_GC_THRESHOLD allocations rather than 700 keeps batches' objects from being
            # promoted into costly full collections. Both undone at close. 10k bench on PostgreSQL: the
            # publishing process spent 6.2 s of 48 s collecting (37 full collections), 1.2 s after (none).
            if self._gc_thresholds is None:
                self._gc_thresholds = gc.get_threshold()
                gc.set_threshold(max(self._gc_thresholds[0], RUN_GC_THRESHOLD), *self._gc_thresholds[1:])
            gc.freeze()
            self._pool = _pool(self.workers)
        return self._pool

    def submit(self, captures: Sequence[Capture], today: date, *,
               workers: int | None = None) -> Callable[[], list[R | Rejection]]:
        """Start `[function(c, today) for c in captures]` on up to `workers` of the pool's processes; returns the
        call that waits for the results (in the batch's order). With one worker, that call runs them here."""
        workers = min(workers or self.workers, self.workers, len(captures))
        if workers <= 1:
            return lambda: _run_chunk(self.function, captures, today)
        size = -(-len(captures) // (workers * CHUNKS_PER_WORKER))
        chunks = [captures[start:start + size] for start in range(0, len(captures), size)]
        pool = self._executor()
        futures = [pool.submit(_run_chunk, self.function, chunk, today) for chunk in chunks]

        def results() -> list[R | Rejection]:
            collected: list[R | Rejection] = []
            for chunk, future in zip(chunks, futures, strict=True):
                try:
                    collected.extend(future.result())
                except BrokenProcessPool:
                    if self._pool is pool:
                        pool.shutdown(wait=False)
                        self._pool = None
                    collected.extend(_alone(self.function, capture, today) for capture in chunk)
            return collected
        return results


def map_captures(function: Callable[[Capture, date], R], captures: Sequence[Capture], today: date, *,
                 workers: int | None = None, warm_up: Callable[[], object] | None = None) -> list[R | Rejection]:
    """`[function(c, today) for c in captures]` on `workers` forked processes (default: every core).

    `function` must be a module-level function (it is pickled by name) that turns its own exceptions into results
    — as `glaneur.flows.ingest`'s per-capture step does; an exception it lets through propagates here. With one
    worker, it runs here, without a process. `warm_up` runs here once per process, before the first fork.
    """
    with ExtractionPool(function, workers=workers, warm_up=warm_up) as pool:
        return pool.submit(captures, today)()


def overlapped(batches: Iterable[B], submit: Callable[[B], Callable[[], R]]) -> Iterator[tuple[B, R]]:
    """Each batch with its results, the next batch submitted before this one is handed out: what the caller does
    with a batch (publishing it) overlaps the workers' extraction of the next. At most two batches are in flight."""
    ahead: tuple[B, Callable[[], R]] | None = None
    for batch in batches:
        pending = (batch, submit(batch))
        if ahead is not None:
            yield ahead[0], ahead[1]()
        ahead = pending
    if ahead is not None:
        yield ahead[0], ahead[1]()
