"""glaneur: gather job postings from many sources into one clean, deduplicated, searchable store."""

__version__ = "0.1.0"
