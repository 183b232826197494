"""`glaneur bench`: the real pipeline on a generated, labelled corpus — timed per stage, beside a raw bulk load.

What runs is what a nightly run runs, on captures of `glaneur.corpus` (no network) taken in the order a crawler
meets them, in batches of consecutive captures each run on its own day's clock: per batch, the incremental skip
the inbox and crawls use (`glaneur.flows.ingest.split_published`), then `glaneur.flows.ingest.transform` (archive →
parse → extract → normalise) and `glaneur.flows.ingest.store` (dedupe → publish, one transaction). Nothing is
re-implemented here: stages are timed by wrapping the pipeline's own functions while the bench runs (`StageClock`),
time being charged to the innermost stage running, as a profiler does:

- parse: `guards.screen` and `parse.parse` (bytes → documents);
- extract: `pipeline.build_posting` (finding each field in the text);
- normalise: written values → the record's vocabulary (`normalise`, `dates`, `money`, structured hints) and the
  posting → its sanitised source record (`flows.ingest._source_record`);
- dedupe: `glaneur.transforms.dedupe` (profiles, candidate keys, decisions, canonical records);
- publish: the rest of `store` (captures, provenance, postings, keys, history: the database work).

Extraction runs on every core through `glaneur.flows.parallel`, the workers extracting the next batch while this
process dedupes and publishes one; their stage seconds are added up (`stage_seconds_summed`) and divided by the
number of workers (`stage_seconds`), so stages that overlap can add up to more than `seconds_total`. The same run then loads the rows the pipeline left in the database into
scratch copies of their tables (COPY on PostgreSQL, executemany on SQLite): the floor publishing is compared with.
Then the same input again (`rerun_seconds`), pair precision and recall of the postings against the corpus' ground
truth, and — on its own corpus — the nightly Prefect flow against the bare ingest of the same files.

The database is always a scratch one: a temporary SQLite file by default, a fresh database created and dropped on
the PostgreSQL server given (the role needs CREATEDB), a new file beside a given SQLite file. Real data is never
read or written.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import os
import platform
import re
import resource
import shutil
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from datetime import time as dt_time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import JSON, Engine, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from glaneur import code_version
from glaneur.corpus import Corpus, CorpusItem, generate
from glaneur.record import Capture

STAGES = ("parse", "extract", "normalise", "dedupe", "publish")
DEFAULT_SEED = 8
# The corpus' postings are dated 2024: the flow figure runs as of a fixed day after them (the pipeline runs as of
# each batch's day), so that every run decides the same.
TODAY = date(2025, 3, 1)
RUN_TIME = dt_time(6, 0, tzinfo=timezone.utc)
BATCH_SIZE = 500
FLOW_POSTINGS = 1000
SCRATCH_PREFIX = "bench_copy_"
COPY_FETCH = 5000
INBOX = "inbox"
WARM_UP_ITEMS, WARM_UP_SEED = 20, 2  # the smallest corpus with every format
WARM_UP_SECONDS: list[float] = []


# ---- stage timing -------------------------------------------------------------------------------------------------

class StageClock:
    """Seconds per stage, each moment charged to the innermost stage running (nested calls are not counted twice)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._stack: list[str] = []
        self._since = 0.0

    def _switch(self, now: float) -> None:
        if self._stack:
            self.seconds[self._stack[-1]] += now - self._since
        self._since = now

    @contextmanager
    def stage(self, stage: str) -> Iterator[None]:
        self._switch(time.perf_counter())
        self._stack.append(stage)
        try:
            yield
        finally:
            self._switch(time.perf_counter())
            self._stack.pop()

    def wrap(self, stage: str, function: Callable) -> Callable:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.stage(stage):
                return function(*args, **kwargs)
        return timed

    def add(self, seconds: dict[str, float]) -> None:
        for stage, value in seconds.items():
            self.seconds[stage] += value

    def take(self) -> dict[str, float]:
        """The seconds counted since the last `take`, and start again from zero."""
        taken, self.seconds = dict(self.seconds), defaultdict(float)
        return taken


def _functions_of(*modules) -> list[Callable]:
    """The public functions each module defines (not those it imports)."""
    return [value for module in modules for name, value in vars(module).items()
            if inspect.isfunction(value) and value.__module__ == module.__name__ and not name.startswith("_")]


def stage_functions() -> dict[str, list[Callable]]:
    """The pipeline's own functions that make up each stage (see the module docstring)."""
    from glaneur.flows import incremental, ingest
    from glaneur.transforms import dates, dedupe, guards, money, normalise, parse, pipeline

    return {
        "parse": [guards.screen, parse.parse],
        "extract": [pipeline.build_posting],
        "normalise": [pipeline._normalise_hint, ingest._source_record, *_functions_of(normalise, dates, money)],
        "dedupe": _functions_of(dedupe),
        "publish": [ingest.store],
        "skip": [incremental.split_known, incremental.touch_known],
    }


@contextmanager
def instrumented(clock: StageClock) -> Iterator[None]:
    """Every reference the glaneur modules hold to a stage function points to its timed wrapper meanwhile."""
    wrappers = {function: clock.wrap(stage, function)
                for stage, functions in stage_functions().items() for function in functions}
    patched = []
    for module in [m for name, m in sys.modules.items() if name.startswith("glaneur.") and m is not None]:
        for name, value in list(vars(module).items()):
            if inspect.isfunction(value) and value in wrappers:
                patched.append((module, name, value))
                setattr(module, name, wrappers[value])
    try:
        yield
    finally:
        for module, name, original in patched:
            setattr(module, name, original)


# The clock of this process; forked extraction workers inherit it and hand their share back with each result.
CLOCK = StageClock()


def warm_transforms() -> None:
    """Build the transforms' caches (town index, organisation names, parsers' imports) on a few captures of every
    format, before extraction workers fork from this process; its seconds are counted as `warm_up`."""
    from glaneur.flows.ingest import _process_safely

    started = time.perf_counter()
    for item in generate(WARM_UP_ITEMS, WARM_UP_SEED):
        _process_safely(capture_of(item, None), TODAY)
    WARM_UP_SECONDS.append(time.perf_counter() - started)


def timed_extraction(capture: Capture, today: date):
    """The ingest path's per-capture extraction, with the stage seconds it took (run in pool workers)."""
    from glaneur.flows.ingest import _process_safely

    before = dict(CLOCK.seconds)
    result = _process_safely(capture, today)
    return result, {stage: seconds - before.get(stage, 0.0) for stage, seconds in CLOCK.seconds.items()}


# ---- corpus → captures ----------------------------------------------------------------------------------------------

def source_of(item: CorpusItem) -> str:
    """A board's page or API item comes from that board (named after its host); the rest are inbox drop-ins."""
    return urlsplit(item.url).hostname.split(".")[0] if item.url else INBOX


def capture_of(item: CorpusItem, fetched_at: datetime | None) -> Capture:
    return Capture(source=source_of(item), locator=item.name, data=item.data, media_type=item.media_type,
                   fetched_at=fetched_at, url=item.url)


def morning(day: date) -> datetime:
    return datetime.combine(day, RUN_TIME)


@dataclass
class Batch:
    """Captures a run publishes together, on the day of the last of them (its clock: `now`, `today`)."""

    day: date
    items: list[CorpusItem]


def arrivals(corpus: Corpus, size: int, limit: int | None = None) -> Iterator[Batch]:
    """The corpus as a crawler meets it (by `seen` date), in batches of `size` consecutive items: a year of nightly
    runs folded into batches (at 100k a batch spans about two days; at 1k, months)."""
    items: list[CorpusItem] = []
    for index in corpus.arrival_order()[:limit]:
        items.append(corpus.item(index))
        if len(items) == size:
            yield Batch(items[-1].seen, items)
            items = []
    if items:
        yield Batch(items[-1].seen, items)


# ---- scratch databases --------------------------------------------------------------------------------------------

class ScratchDatabaseError(RuntimeError):
    """The server given cannot host a scratch database (unreachable, or the role may not create databases)."""


@contextmanager
def scratch_database(database_url: str | None, workdir: Path) -> Iterator[str]:
    """A database URL nothing else uses, removed afterwards: see the module docstring."""
    from glaneur.storage.db import open_store

    name = f"glaneur_bench_{uuid.uuid4().hex[:12]}"
    if database_url is None or database_url.startswith("sqlite"):
        given = make_url(database_url).database if database_url else None
        folder = Path(given).absolute().parent if given and given != ":memory:" else workdir
        path = folder / f"{name}.db"
        url = f"sqlite:///{path}"
        try:
            yield url
        finally:
            open_store(url).dispose()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    try:
        try:
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        except DBAPIError as error:
            raise ScratchDatabaseError(f"cannot create a scratch database on "
                                       f"{admin.url.render_as_string(hide_password=True)}: "
                                       f"{str(error.orig).strip() or error}") from error
        url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
        try:
            yield url
        finally:
            open_store(url).dispose()
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


# ---- the pipeline ---------------------------------------------------------------------------------------------------

@dataclass
class RunFigures:
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    stage_summed: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    captures: int = 0
    skipped: int = 0
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # Seconds of each batch, and its dedupe and publish shares: how the cost of a batch grows with the store.
    per_batch: dict[str, list[float]] = field(default_factory=lambda: {"seconds": [], "dedupe": [], "publish": []})


@contextmanager
def uncounted() -> Iterator[None]:
    """The stages this process runs meanwhile are left out of CLOCK: they are counted another way."""
    counted = CLOCK.take()
    try:
        yield
    finally:
        CLOCK.take()
        CLOCK.add(counted)


def _worker_seconds(outputs: list, workers: int, figures: RunFigures) -> list:
    """The results of a batch extracted on the pool, its workers' stage seconds added up (`stage_summed`) and
    shared out over the workers (`stages`): extraction overlaps publishing, so it has no wall time of its own."""
    results = []
    for output in outputs:
        result, seconds = output if isinstance(output, tuple) else (output, {})
        results.append(result)
        for stage, value in seconds.items():
            figures.stages[stage] += value / workers
            figures.stage_summed[stage] += value
    return results


def run_pipeline(batches: Iterable[Batch], engine: Engine, archive, *, workers: int, skip_known: bool = True,
                 progress: Callable[[str], None] | None = None) -> RunFigures:
    """The batches through the ingest path, each with its day's clock, as `ingest_files` runs them: the workers
    extract the next batch while this process publishes one (`glaneur.flows.parallel.overlapped`). Rendering the
    corpus (the bench's input, not the pipeline's work) is not timed.

    A batch is split into known and fresh captures before the one ahead of it is published, so a capture repeated
    in the next batch is extracted again and published unchanged — what the store then holds is the same."""
    from glaneur.flows import ingest
    from glaneur.flows.incremental import KnownSplit
    from glaneur.flows.parallel import ExtractionPool, overlapped

    figures = RunFigures()
    run_id = str(uuid.uuid4())

    def split_and_submit(batch: Batch) -> Callable[[], tuple[KnownSplit, list | None]]:
        captures = [capture_of(item, morning(item.seen)) for item in batch.items]
        split = ingest.split_published(engine, captures) if skip_known else KnownSplit(fresh=captures)
        if workers <= 1 or not split.fresh:
            return lambda: (split, None)  # `ingest.transform` extracts them here, under CLOCK
        with uncounted():  # the warm-up before the first fork, counted as a whole below
            extracted = pool.submit(split.fresh, batch.day)
        return lambda: (split, extracted)

    rendering = [0.0]  # seconds spent rendering the corpus (not the pipeline's work), since the last batch ended

    def rendered(batches: Iterable[Batch]) -> Iterator[Batch]:
        batches = iter(batches)
        while True:
            started = time.perf_counter()
            batch = next(batches, None)
            rendering[0] += time.perf_counter() - started
            if batch is None:
                return
            yield batch

    with ExtractionPool(timed_extraction, workers=workers, warm_up=warm_transforms) as pool:
        CLOCK.take()
        last = time.perf_counter()
        for batch, (split, extracted) in overlapped(rendered(batches), split_and_submit):
            now = morning(batch.day)
            results = None
            if extracted is not None:
                with uncounted():  # a batch too small to share out ran here: its seconds come with its results
                    results = _worker_seconds(extracted(), workers, figures)
            outcome = ingest.transform(split.fresh, archive=archive, today=batch.day, results=results)
            outcome.known = split
            counts = ingest.store(engine, outcome, run_id=run_id, now=now)
            done = time.perf_counter()
            elapsed, last, rendering[0] = done - last - rendering[0], done, 0.0
            figures.seconds += elapsed
            taken = CLOCK.take()
            if WARM_UP_SECONDS:
                taken["warm_up"] = taken.get("warm_up", 0.0) + WARM_UP_SECONDS.pop()
            for stage, seconds in taken.items():
                figures.stages[stage] += seconds
                figures.stage_summed[stage] += seconds
            for name, seconds in (("seconds", elapsed), ("dedupe", taken.get("dedupe", 0.0)),
                                  ("publish", taken.get("publish", 0.0))):
                figures.per_batch[name].append(round(seconds, 2))
            figures.captures += len(split.fresh) + len(split.known)
            figures.skipped += len(split.known)
            for key, value in counts.items():
                figures.counts[key] += value
            if progress:
                progress(f"{figures.captures} captures, {figures.seconds:.0f} s (last batch {elapsed:.1f} s: dedupe "
                         f"{taken.get('dedupe', 0.0):.1f}, publish {taken.get('publish', 0.0):.1f})")
    return figures


# ---- the raw bulk load --------------------------------------------------------------------------------------------

def _scratch_ddl(connection, table: str) -> list[str]:
    """Statements creating an empty copy of `table` — same columns, keys and indexes, no triggers — named
    SCRATCH_PREFIX + table."""
    scratch = SCRATCH_PREFIX + table
    if connection.dialect.name == "postgresql":
        return [f'CREATE TABLE "{scratch}" (LIKE "{table}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS '
                f'INCLUDING INDEXES)']
    rows = connection.exec_driver_sql(
        "SELECT type, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL ORDER BY type = 'index'",
        (table,)).all()
    statements = []
    for kind, sql in rows:
        if kind == "table":
            statements.append(re.sub(r'^CREATE TABLE\s+"?\w+"?', f'CREATE TABLE "{scratch}"', sql))
        elif kind == "index":
            statements.append(re.sub(r'^CREATE (UNIQUE )?INDEX\s+"?(\w+)"?\s+ON\s+"?\w+"?',
                                     lambda m: f'CREATE {m[1] or ""}INDEX "{SCRATCH_PREFIX}{m[2]}" ON "{scratch}"',
                                     sql))
    return statements


def copy_seconds(engine: Engine) -> tuple[float, int]:
    """Seconds to bulk-load every row the pipeline left in the database into scratch copies of its tables, in one
    transaction; and how many rows. Only the writing is timed (rows are read in chunks, the clock paused)."""
    from glaneur.storage.db import make_engine
    from glaneur.storage.models import Base
    from glaneur.storage.publish import copy_rows

    tables = [t.name for t in Base.metadata.sorted_tables]
    elapsed, total = 0.0, 0
    with engine.begin() as connection:
        filled = [name for name in tables
                  if connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()]
        for name in filled:
            for statement in _scratch_ddl(connection, name):
                connection.exec_driver_sql(statement)
    # A read-only engine reads while the writer writes (on SQLite, a reader must not take the write lock).
    reading = make_engine(engine.url.render_as_string(hide_password=False), read_only=True)
    writer = engine.raw_connection()
    try:
        with reading.connect() as reader:
            postgresql = reader.dialect.name == "postgresql"
            cursor = writer.cursor()
            if not postgresql:
                cursor.execute("BEGIN")
            for name in filled:
                result = reader.execution_options(stream_results=True, yield_per=COPY_FETCH).exec_driver_sql(
                    f'SELECT * FROM "{name}"')
                columns = ", ".join(f'"{c}"' for c in result.keys())
                while rows := result.fetchmany(COPY_FETCH):
                    started = time.perf_counter()
                    if postgresql:
                        model = Base.metadata.tables[name].c  # (columns only migrations know are not JSON)
                        json_columns = [column in model and isinstance(model[column].type, JSON)
                                        for column in result.keys()]
                        copy_rows(cursor, f'COPY "{SCRATCH_PREFIX}{name}" ({columns}) FROM STDIN', rows,
                                  json_columns)
                    else:
                        marks = ", ".join("?" * len(result.keys()))
                        cursor.executemany(f'INSERT INTO "{SCRATCH_PREFIX}{name}" ({columns}) VALUES ({marks})',
                                           [tuple(row) for row in rows])
                    elapsed += time.perf_counter() - started
                    total += len(rows)
            started = time.perf_counter()
            if postgresql:
                writer.commit()
            else:
                cursor.execute("COMMIT")
            elapsed += time.perf_counter() - started
            cursor.close()
    finally:
        writer.close()
        reading.dispose()
    with engine.begin() as connection:
        for name in reversed(filled):
            connection.exec_driver_sql(f'DROP TABLE "{SCRATCH_PREFIX}{name}"')
    return elapsed, total


# ---- dedup quality ------------------------------------------------------------------------------------------------

def dedup_quality(engine: Engine, corpus: Corpus, sha_of: dict[str, tuple[str, str]]) -> dict[str, float | int]:
    """Pair precision and recall of the stored postings against the corpus' clusters.

    An item maps to the posting of its source record; byte-identical items of one source share one source record
    (same key), so they share its posting. An item that gave no posting (quarantined) counts as alone.
    """
    from glaneur.storage.models import PostingSource

    with engine.connect() as connection:
        posting_of = {(row.source, row.locator): row.posting_id for row in connection.execute(
            select(PostingSource.source, PostingSource.locator, PostingSource.posting_id))}
    by_bytes: dict[tuple[str, str], int] = {}
    predicted: dict[str, int] = {}
    for name, (source, sha) in sha_of.items():
        posting = posting_of.get((source, name))
        if posting is not None:
            predicted[name] = posting
            by_bytes[(source, sha)] = posting
    for name, key in sha_of.items():
        if name not in predicted and key in by_bytes:
            predicted[name] = by_bytes[key]
    return corpus.pair_quality(predicted)


# ---- the flow-level figure ------------------------------------------------------------------------------------------

def _fill_inbox(corpus: Corpus, inbox: Path) -> None:
    inbox.mkdir(parents=True)
    settled = time.time() - 3600  # older than the inbox's settle delay
    for item in corpus:
        path = inbox / item.name
        path.write_bytes(item.data)
        os.utime(path, (settled, settled))


def flow_overhead(database_url: str | None, workdir: Path, postings: int, seed: int) -> dict[str, Any]:
    """The nightly flow (Prefect, under `prefect_test_harness`: a temporary API server and database) on an inbox
    of `postings` corpus files, against `ingest_files` (what the flow's inbox step calls) on the same files; each on
    its own scratch database, both after the transforms' warm-up. The harness' start is not counted; everything
    the flow does is."""
    from prefect.testing.utilities import prefect_test_harness

    from glaneur.config import load_settings
    from glaneur.flows.ingest import ingest_files
    from glaneur.flows.nightly import nightly
    from glaneur.storage.archive import open_archive
    from glaneur.storage.db import open_store

    corpus = generate(postings, seed)
    figures: dict[str, Any] = {"flow_postings": postings, "flow_harness": "prefect_test_harness"}
    warm_transforms()  # both sides run warm, as the second of two runs in one process would
    settings = load_settings()
    with scratch_database(database_url, workdir) as url:
        engine, inbox = open_store(url), workdir / "bare" / "inbox"
        _fill_inbox(corpus, inbox)
        started = time.perf_counter()
        ingest_files([inbox], engine=engine, archive=open_archive(str(workdir / "bare" / "archive")),
                     run_id=str(uuid.uuid4()), today=TODAY, max_bytes=settings.max_file_bytes, inbox=inbox,
                     workers=settings.workers)
        figures["bare_pipeline_seconds"] = round(time.perf_counter() - started, 3)
    with scratch_database(database_url, workdir) as url:
        open_store(url)
        inbox = workdir / "flow" / "inbox"
        _fill_inbox(corpus, inbox)
        started = time.perf_counter()
        with prefect_test_harness(server_startup_timeout=120):
            figures["flow_harness_start_seconds"] = round(time.perf_counter() - started, 3)
            started = time.perf_counter()
            manifest = nightly(inbox=str(inbox), sources_file=str(workdir / "no-sources.yaml"), database_url=url,
                               archive_url=str(workdir / "flow" / "archive"), today=TODAY)
            figures["flow_seconds"] = round(time.perf_counter() - started, 3)
    figures["flow_status"] = manifest["status"]
    figures["prefect_overhead_ratio"] = round(figures["flow_seconds"] / figures["bare_pipeline_seconds"], 3)
    return figures


# ---- the whole bench ----------------------------------------------------------------------------------------------

def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024 ** 3
    return {"machine": f"{cpu}, {os.cpu_count()} cores, {memory_gb:.0f} GB RAM, {platform.system()} "
                       f"{platform.release()}, Python {platform.python_version()}",
            "cores": os.cpu_count()}


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory of this process, and of the largest of its finished children (Linux: kB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(own / 1024, 1), round(children / 1024, 1)


def current_rss_mb() -> float | None:
    """Resident memory now (the corpus' plan is part of the peak; this tells how much)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return round(int(found[1]) / 1024, 1) if found else None


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {stage: round(values.get(stage, 0.0), 3) for stage in (*STAGES, *sorted(set(values) - set(STAGES)))}


def run_bench(postings: int, *, database_url: str | None = None, workers: int | None = None,
              batch_size: int = BATCH_SIZE, seed: int = DEFAULT_SEED, flow_postings: int = FLOW_POSTINGS,
              rerun_without_skip_sample: int = 10_000, progress: Callable[[str], None] | None = None
              ) -> dict[str, Any]:
    """Run everything the module docstring lists and return the figures (the `glaneur bench --json` object);
    `progress` receives a line per batch."""
    from glaneur.processes import available_cores
    from glaneur.storage.archive import open_archive
    from glaneur.storage.db import open_store

    workers = workers or available_cores()
    report: dict[str, Any] = {"postings": postings, "database": None, **machine(), "workers": workers,
                              "batch_size": batch_size, "seed": seed, "code_version": code_version(),
                              "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                              "load_average_start": [round(x, 2) for x in os.getloadavg()]}
    workdir = Path(tempfile.mkdtemp(prefix="glaneur-bench-"))
    try:
        started = time.perf_counter()
        corpus = generate(postings, seed)
        report["corpus_plan_seconds"] = round(time.perf_counter() - started, 3)
        report["rss_after_corpus_plan_mb"] = current_rss_mb()
        with scratch_database(database_url, workdir) as url, instrumented(CLOCK):
            engine = open_store(url)
            report["database"] = engine.dialect.name
            archive = open_archive(str(workdir / "archive"))
            archive.put_many = CLOCK.wrap("archive", archive.put_many)
            sha_of: dict[str, tuple[str, str]] = {}

            def remembered(batches: Iterable[Batch]) -> Iterator[Batch]:
                for batch in batches:
                    sha_of.update({item.name: (source_of(item), hashlib.sha256(item.data).hexdigest())
                                   for item in batch.items})
                    yield batch

            first = run_pipeline(remembered(arrivals(corpus, batch_size)), engine, archive, workers=workers,
                                 progress=progress and (lambda line: progress(f"first run: {line}")))
            report.update(_first_run_figures(first, postings))

            report["copy_seconds"], report["copy_rows"] = copy_seconds(engine)
            report["copy_seconds"] = round(report["copy_seconds"], 3)
            publish = first.stages.get("publish", 0.0)
            report["publish_over_copy"] = round(publish / report["copy_seconds"], 3)
            report["store_over_copy"] = round((publish + first.stages.get("dedupe", 0.0)) / report["copy_seconds"],
                                              3)

            quality = dedup_quality(engine, corpus, sha_of)
            report.update(dedup_precision=round(quality["precision"], 4), dedup_recall=round(quality["recall"], 4),
                          dedup_pairs={k: quality[k] for k in ("true_pairs", "found_pairs", "correct_pairs")},
                          clusters=len(corpus.clusters))

            rerun = run_pipeline(arrivals(corpus, batch_size), engine, archive, workers=workers,
                                 progress=progress and (lambda line: progress(f"rerun: {line}")))
            report["rerun_seconds"] = round(rerun.seconds, 3)
            report["rerun_skipped"] = rerun.skipped
            report["rerun_share"] = round(rerun.seconds / first.seconds, 4)
            sample = min(postings, rerun_without_skip_sample)
            full = run_pipeline(arrivals(corpus, batch_size, limit=sample), engine, archive, workers=workers,
                                skip_known=False)
            report["rerun_without_skip_seconds"] = round(full.seconds * postings / sample, 3)
            report["rerun_without_skip_measured_on"] = sample
            report["peak_rss_mb"], report["peak_rss_workers_mb"] = peak_rss_mb()
        if flow_postings:
            report.update(flow_overhead(database_url, workdir, flow_postings, seed))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    return report


def _first_run_figures(first: RunFigures, postings: int) -> dict[str, Any]:
    stages = _rounded(first.stages)
    accounted = sum(first.stages.get(stage, 0.0) for stage in STAGES)
    return {
        "seconds_total": round(first.seconds, 3),
        "postings_per_s": round(postings / first.seconds, 1),
        "stage_seconds": {stage: stages[stage] for stage in STAGES},
        "other_seconds": {**{k: v for k, v in stages.items() if k not in STAGES},
                          "unaccounted": round(first.seconds - sum(first.stages.values()), 3)},
        "stage_seconds_summed": _rounded(first.stage_summed),
        "stages_share": round(accounted / first.seconds, 4),
        "per_batch_seconds": first.per_batch,
        "published": {k: first.counts.get(k, 0) for k in ("postings", "new", "merged", "updated", "unchanged",
                                                           "quarantined")},
    }
