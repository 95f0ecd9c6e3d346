"""Mapping a function over many items on every core, results in input order: the forked
workers inherit what the first item loaded. `jdlint check` and `jdlint batch` share it."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

PER_TASK = 25  # items sent to a worker at once: amortises the round trip, still balances the load
IN_FLIGHT = 4  # tasks queued per worker: keeps every worker busy without reading far ahead


def pool_size(jobs: int, items: int | None = None) -> int:
    """Processes to use: `jobs`, or one per core, and never more than there are items."""
    wanted = jobs or os.cpu_count() or 1
    return max(1, min(wanted, items) if items is not None else wanted)


def run_task(func: Callable[[T], R], task: list[T]) -> list[R]:
    return [func(item) for item in task]


def chunks(items: Iterator[T], size: int) -> Iterator[list[T]]:
    while task := list(islice(items, size)):
        yield task


def in_order(submit: Callable[[list[T]], Callable[[], list[R]]], tasks: Iterable[list[T]], window: int) -> Iterator[R]:
    """Results of every task in input order, with at most `window` tasks submitted and not yet
    collected (a pool's own imap would read the whole input ahead)."""
    pending: deque[Callable[[], list[R]]] = deque()
    for task in tasks:
        pending.append(submit(task))
        if len(pending) >= window:
            yield from pending.popleft()()
    while pending:
        yield from pending.popleft()()


def fork_map(func: Callable[[T], R], items: Iterable[T], workers: int, per_task: int = PER_TASK) -> Iterator[R]:
    """`func` over `items`, results in input order. The first item is done here, so the forked
    workers inherit what it loaded (pipelines, rules, the word cache) instead of each loading it."""
    it = iter(items)
    for first in islice(it, 1):
        yield func(first)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(func, it)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from in_order(
            lambda task: pool.apply_async(run_task, (func, task)).get, chunks(it, per_task), workers * IN_FLIGHT
        )
