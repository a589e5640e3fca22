import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from syncplan.env import database_config, env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("1", True), ("yes", True), ("false", False), ("0", False)],
)
def test_env_bool_reads_true_and_false(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG") is expected


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be true or false"):
        env_bool("FLAG")


def test_env_int_names_the_bad_value(monkeypatch):
    monkeypatch.setenv("COUNT", "ten")
    with pytest.raises(ImproperlyConfigured, match="COUNT must be a whole number, not 'ten'"):
        env_int("COUNT", 3)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    assert env_list("HOSTS") == ["a.example", "b.example"]


def test_env_str_reads_a_docker_secret_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.delenv("TOKEN", raising=False)
    monkeypatch.setenv("TOKEN_FILE", str(secret))
    assert env_str("TOKEN") == "s3cret"


def test_a_postgres_url_is_parsed():
    config = database_config("postgres://planner@db.example:5433/syncplan")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "syncplan")


def test_sqlite_is_the_embedded_default_shape(tmp_path):
    config = database_config(f"sqlite:///{tmp_path}/x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"


@pytest.mark.parametrize("url", ["mysql://root@localhost/x", "nonsense", "postgres://host:5432/"])
def test_a_bad_database_url_gives_a_clear_error(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_config(url)


def _start_django(**env):
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_start_up_refuses_a_missing_secret_key_outside_debug():
    result = _start_django(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_start_up_refuses_a_bad_database_url():
    result = _start_django(DEBUG="true", DATABASE_URL="oracle://nope")
    assert result.returncode != 0
    assert "DATABASE_URL 'oracle://nope' is not understood" in result.stderr
