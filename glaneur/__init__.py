"""glaneur: gather job postings from many sources into one clean, deduplicated, searchable store."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

__version__ = "0.1.0"


@lru_cache(maxsize=1)
def code_version() -> str:
    """The package version plus a digest of the transforms' code and data: what produced a stored posting.

    Reprocessing compares it with what is stored, so it changes exactly when extraction can give other results.
    """
    import glaneur.transforms as transforms

    root = Path(transforms.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml", ".yml", ".json", ".txt", ".csv", ".tsv"):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"
