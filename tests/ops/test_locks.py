"""Named locks across connections (SQLite: flock beside the database; PostgreSQL: advisory locks)."""

import threading
import time

from glaneur.storage.db import make_engine
from glaneur.storage.locks import exclusive


def test_a_held_lock_is_refused_to_a_second_holder_then_free_again(store_url):
    first, second = make_engine(store_url), make_engine(store_url)  # two engines: as two processes would
    with exclusive(first, "source:board") as held:
        assert held
        with exclusive(second, "source:board") as other:
            assert not other
        with exclusive(second, "source:feed") as unrelated:
            assert unrelated
    with exclusive(second, "source:board") as held_after:
        assert held_after


def test_a_waiting_holder_gets_the_lock_when_it_is_released(store_url):
    first, second = make_engine(store_url), make_engine(store_url)
    released = threading.Event()

    def hold_briefly():
        with exclusive(first, "snapshot") as held:
            assert held
            started.set()
            time.sleep(1.0)
        released.set()

    started = threading.Event()
    holder = threading.Thread(target=hold_briefly)
    holder.start()
    started.wait(10)
    with exclusive(second, "snapshot", wait_s=0.2) as impatient:
        assert not impatient
    with exclusive(second, "snapshot", wait_s=20) as patient:
        assert patient and released.is_set()
    holder.join()


def test_a_lock_dies_with_its_holder(store_url, tmp_path):
    """A crashed worker must not leave a stale lock: the lock belongs to the process (connection or open file)."""
    import subprocess
    import sys

    script = ("import sys, time; from glaneur.storage.db import make_engine; from glaneur.storage.locks import "
              "exclusive\nwith exclusive(make_engine(sys.argv[1]), 'source:board') as held:\n"
              "    print(held, flush=True); time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", script, store_url], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "True"
        with exclusive(make_engine(store_url), "source:board") as held:
            assert not held
    finally:
        holder.kill()
        holder.wait()
    with exclusive(make_engine(store_url), "source:board", wait_s=10) as held:
        assert held
