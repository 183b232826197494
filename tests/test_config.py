"""Settings: embedded defaults, environment, flags; a bad value is one clear error naming the variable."""

from pathlib import Path

import pytest

from glaneur.config import ConfigError, load_settings


def test_defaults_resolve_from_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings({})
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'glaneur.db'}"
    assert settings.archive_url == str(tmp_path / "data" / "archive")
    assert settings.inbox == tmp_path / "data" / "inbox"
    assert settings.sources == tmp_path / "sources.yaml"


def test_environment_then_flags(tmp_path):
    settings = load_settings({"GLANEUR_ARCHIVE_URL": "s3://bucket/raw", "GLANEUR_INBOX": str(tmp_path / "in")})
    assert settings.archive_url == "s3://bucket/raw"
    assert settings.inbox == tmp_path / "in"
    overridden = settings.with_overrides(database_url="postgresql://u@h/db", inbox=None)
    assert overridden.database_url == "postgresql+psycopg://u@h/db"
    assert overridden.inbox == tmp_path / "in"


@pytest.mark.parametrize("url", ["not a url", "mysql://u@h/db", "://"])
def test_bad_database_url_names_the_variable(url):
    with pytest.raises(ConfigError, match="GLANEUR_DATABASE_URL"):
        load_settings({"GLANEUR_DATABASE_URL": url})


def test_bad_size_limit_names_the_variable():
    with pytest.raises(ConfigError, match="GLANEUR_MAX_FILE_MB"):
        load_settings({"GLANEUR_MAX_FILE_MB": "lots"})


def test_data_dir_is_the_inbox_parent(tmp_path):
    assert load_settings({"GLANEUR_INBOX": str(tmp_path / "x" / "inbox")}).data_dir == Path(tmp_path / "x")
