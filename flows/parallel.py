"""Extraction on every core: forked processes run a pure per-capture function on chunks of a batch.

Extraction is CPU-bound pure Python (regular expressions over text, PDF layout analysis), so threads cannot share
it out; processes can. Transforms do no I/O and keep no state but their caches, so forking is safe, and workers
forked from a warm process start with those caches built (the town index, organisation names, parsers' imports):
`warm_up` builds them once in this process before its first fork. Results come back in the batch's order.

A worker that dies (a parser crashing the interpreter, the kernel killing it for memory) loses only its chunk:
each of those captures is then tried alone in a fresh process, and one that kills that process too becomes a
`parser_crash` rejection — the batch goes on, like a parser that raises. This process never runs a capture itself.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from typing import TypeVar

from glaneur.processes import available_cores
from glaneur.record import Capture, Rejection

R = TypeVar("R")
PARSER_CRASH = "parser_crash"
# Small chunks keep every core busy to the end of a batch; large ones pickle less. A few per worker does both.
CHUNKS_PER_WORKER = 4
_warmed: set[Callable[[], object]] = set()


def _run_chunk(function: Callable[[Capture, date], R], captures: Sequence[Capture], today: date) -> list[R]:
    return [function(capture, today) for capture in captures]


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))


def _alone(function: Callable[[Capture, date], R], capture: Capture, today: date) -> R | Rejection:
    """One capture in its own process: its result, or a rejection when the process dies."""
    with _pool(1) as pool:
        try:
            return pool.submit(_run_chunk, function, [capture], today).result()[0]
        except BrokenProcessPool:
            return Rejection(PARSER_CRASH, "the parser's process died on this input (crash or out of memory)")


def map_captures(function: Callable[[Capture, date], R], captures: Sequence[Capture], today: date, *,
                 workers: int | None = None, warm_up: Callable[[], object] | None = None) -> list[R | Rejection]:
    """`[function(c, today) for c in captures]` on `workers` forked processes (default: every core).

    `function` must be a module-level function (it is pickled by name) that turns its own exceptions into results
    — as `glaneur.flows.ingest`'s per-capture step does; an exception it lets through propagates here. With one
    worker, it runs here, without a process. `warm_up` runs here once per process, before the first fork.
    """
    workers = min(workers or available_cores(), len(captures))
    if workers <= 1:
        return _run_chunk(function, captures, today)
    if warm_up is not None and warm_up not in _warmed:
        warm_up()
        _warmed.add(warm_up)
    size = -(-len(captures) // (workers * CHUNKS_PER_WORKER))
    chunks = [captures[start:start + size] for start in range(0, len(captures), size)]
    results: list[R | Rejection] = []
    with _pool(workers) as pool:
        futures = [pool.submit(_run_chunk, function, chunk, today) for chunk in chunks]
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                results.extend(future.result())
            except BrokenProcessPool:
                results.extend(_alone(function, capture, today) for capture in chunk)
    return results
