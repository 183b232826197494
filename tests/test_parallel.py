"""Extraction on several processes (`glaneur.flows.parallel`): same results in the same order, a dying worker
costs only its capture, and workers fork from a warmed-up process."""

import os
import time
from datetime import date

from glaneur.flows.parallel import PARSER_CRASH, map_captures
from glaneur.record import Capture, Rejection

TODAY = date(2025, 3, 1)
WARM_UPS: list[int] = []


def captures(count: int, poison: int | None = None) -> list[Capture]:
    return [Capture(source="test", locator=f"item-{i}", data=b"poison" if i == poison else f"text {i}".encode())
            for i in range(count)]


def where_it_ran(capture: Capture, today: date) -> tuple[str, int, date]:
    time.sleep(0.02)  # long enough that every worker gets chunks
    return capture.locator, os.getpid(), today


def dies_on_poison(capture: Capture, today: date) -> str:
    if capture.data == b"poison":
        os._exit(1)
    return capture.locator


def warm() -> None:
    WARM_UPS.append(os.getpid())


def saw_warm_up(capture: Capture, today: date) -> bool:
    return bool(WARM_UPS)


def test_results_come_back_in_order_from_every_worker():
    results = map_captures(where_it_ran, captures(40), TODAY, workers=2)
    assert [locator for locator, _, _ in results] == [f"item-{i}" for i in range(40)]
    assert {day for _, _, day in results} == {TODAY}
    pids = {pid for _, pid, _ in results}
    assert len(pids) == 2 and os.getpid() not in pids


def test_one_worker_runs_in_this_process():
    results = map_captures(where_it_ran, captures(3), TODAY, workers=1)
    assert {pid for _, pid, _ in results} == {os.getpid()}


def test_a_capture_that_kills_its_worker_becomes_a_rejection_and_the_others_go_on():
    results = map_captures(dies_on_poison, captures(30, poison=7), TODAY, workers=2)
    assert isinstance(results[7], Rejection) and results[7].code == PARSER_CRASH
    assert results[:7] + results[8:] == [f"item-{i}" for i in range(30) if i != 7]


def test_workers_fork_after_the_warm_up_which_runs_once():
    WARM_UPS.clear()
    assert all(map_captures(saw_warm_up, captures(10), TODAY, workers=2, warm_up=warm))
    assert all(map_captures(saw_warm_up, captures(10), TODAY, workers=2, warm_up=warm))
    assert WARM_UPS == [os.getpid()]
