"""Settings from the environment, overridable by CLI flags.

Every setting has an embedded default so that `make run` works on a fresh machine; relative paths resolve from the
current directory at the time the settings are read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from glaneur.processes import available_cores

DEFAULTS = {
    "GLANEUR_DATABASE_URL": "sqlite:///data/glaneur.db",
    "GLANEUR_ARCHIVE_URL": "data/archive",
    "GLANEUR_INBOX": "data/inbox",
    "GLANEUR_SOURCES": "sources.yaml",
    "GLANEUR_MAX_FILE_MB": "20",
    "GLANEUR_CLOSE_AFTER_MISSED_CRAWLS": "2",
    "GLANEUR_WORKERS": str(available_cores()),
}


class ConfigError(ValueError):
    """A setting is unusable; the message names the variable so the operator knows what to fix."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    archive_url: str
    inbox: Path
    sources: Path
    max_file_bytes: int
    close_after_missed_crawls: int
    # Extraction processes for large batches (default: the cores this process may use).
    workers: int = 1

    @property
    def data_dir(self) -> Path:
        """Where local state lives: the folder of the inbox (`data/` by default)."""
        return self.inbox.parent

    def with_overrides(self, **overrides: object) -> Settings:
        """Apply CLI flags given as keyword arguments; `None` means "not given"."""
        given = {key: value for key, value in overrides.items() if value is not None}
        if "database_url" in given:
            given["database_url"] = _check_database_url(str(given["database_url"]), "--database-url")
        for key in ("inbox", "sources"):
            if key in given:
                given[key] = Path(str(given[key])).expanduser().absolute()
        if "archive_url" in given:
            given["archive_url"] = _resolve_archive_url(str(given["archive_url"]))
        return replace(self, **given)


def _env(name: str, environ: dict[str, str]) -> str:
    value = environ.get(name, "").strip()
    return value or DEFAULTS[name]


def _check_database_url(url: str, name: str) -> str:
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise ConfigError(f"{name}={url!r} is not a database URL ({error}); expected e.g. "
                          "sqlite:///data/glaneur.db or postgresql+psycopg://user@host/db") from error
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ConfigError(f"{name}={url!r}: unsupported database {backend!r}; use sqlite or postgresql")
    if backend == "postgresql" and parsed.drivername == "postgresql":
        # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and parsed.database and parsed.database != ":memory:":
        parsed = parsed.set(database=str(Path(parsed.database).expanduser().absolute()))
    return parsed.render_as_string(hide_password=False)


def _resolve_archive_url(url: str) -> str:
    if url.startswith("s3://"):
        return url
    if url.startswith("file://"):
        url = url[len("file://"):]
    return str(Path(url).expanduser().absolute())


def _positive_int(name: str, environ: dict[str, str]) -> int:
    raw = _env(name, environ)
    try:
        value = int(raw)
    except ValueError as error:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from error
    if value <= 0:
        raise ConfigError(f"{name}={raw!r} must be positive")
    return value


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    environ = dict(os.environ if environ is None else environ)
    return Settings(
        database_url=_check_database_url(_env("GLANEUR_DATABASE_URL", environ), "GLANEUR_DATABASE_URL"),
        archive_url=_resolve_archive_url(_env("GLANEUR_ARCHIVE_URL", environ)),
        inbox=Path(_env("GLANEUR_INBOX", environ)).expanduser().absolute(),
        sources=Path(_env("GLANEUR_SOURCES", environ)).expanduser().absolute(),
        max_file_bytes=_positive_int("GLANEUR_MAX_FILE_MB", environ) * 1024 * 1024,
        close_after_missed_crawls=_positive_int("GLANEUR_CLOSE_AFTER_MISSED_CRAWLS", environ),
        workers=_positive_int("GLANEUR_WORKERS", environ),
    )
