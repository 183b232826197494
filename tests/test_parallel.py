"""Extraction on several processes (`glaneur.flows.parallel`): same results in the same order, a dying worker
costs only its capture, workers fork from a warmed-up process, once per run, and extract the next batch while this
process works on the current one."""

import os
import time
from datetime import date
from pathlib import Path

from glaneur.flows.parallel import PARSER_CRASH, ExtractionPool, map_captures, overlapped
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


def test_overlapped_submits_the_next_batch_before_handing_out_the_current_one():
    events: list[str] = []

    def submit(batch: int):
        events.append(f"submit {batch}")
        return lambda: events.append(f"collect {batch}") or batch * 10

    for batch, result in overlapped(range(3), submit):
        events.append(f"publish {batch} ({result})")
    assert events == ["submit 0", "submit 1", "collect 0", "publish 0 (0)", "submit 2", "collect 1",
                      "publish 1 (10)", "collect 2", "publish 2 (20)"]
    assert list(overlapped([], submit)) == []


def leaves_a_mark(capture: Capture, today: date) -> tuple[str, int]:
    Path(capture.source, capture.locator).touch()
    return capture.locator, os.getpid()


def test_a_pool_keeps_its_workers_across_batches_and_extracts_while_this_process_works(tmp_path):
    batch = [Capture(source=str(tmp_path), locator=f"item-{i}", data=b"x") for i in range(20)]
    with ExtractionPool(leaves_a_mark, workers=2) as pool:
        first, second = pool.submit(batch[:10], TODAY), pool.submit(batch[10:], TODAY)
        deadline = time.monotonic() + 60
        while len(list(tmp_path.iterdir())) < 20 and time.monotonic() < deadline:
            time.sleep(0.01)  # this process is busy elsewhere: nobody asks for the results yet
        assert len(list(tmp_path.iterdir())) == 20
        results = first() + second()
    assert [locator for locator, _ in results] == [f"item-{i}" for i in range(20)]
    assert len({pid for _, pid in results}) <= 2 and os.getpid() not in {pid for _, pid in results}


def test_a_broken_pool_is_replaced_for_the_batches_after_it():
    with ExtractionPool(dies_on_poison, workers=2) as pool:
        broken = pool.submit(captures(30, poison=7), TODAY)()
        after = pool.submit(captures(12), TODAY)()
    assert isinstance(broken[7], Rejection) and broken[7].code == PARSER_CRASH
    assert broken[:7] + broken[8:] == [f"item-{i}" for i in range(30) if i != 7]
    assert after == [f"item-{i}" for i in range(12)]


def test_a_pool_tunes_the_collector_for_its_run_and_gives_it_back_even_after_a_break():
    import gc

    before = gc.get_threshold()
    with ExtractionPool(dies_on_poison, workers=2) as pool:
        pool.submit(captures(30, poison=7), TODAY)()  # breaks the first pool: a second one forks below
        assert gc.get_threshold()[0] >= 20_000 and gc.get_freeze_count() > 0
        assert pool.submit(captures(12), TODAY)() == [f"item-{i}" for i in range(12)]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
