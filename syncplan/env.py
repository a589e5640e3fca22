"""Typed readers for configuration from the environment (used by settings.py only)."""

from __future__ import annotations

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    """A string; ``NAME_FILE`` (a Docker secret's path) is read when ``NAME`` is not set."""
    if name in os.environ:
        return os.environ[name]
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read().strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"{name}_FILE points at {path!r}, which cannot be read: {exc}"
            ) from exc
    return default


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


SUPPORTED_DATABASES = ("postgres", "postgresql", "pgsql", "sqlite")


def database_config(url: str) -> dict:
    """Parse a DATABASE_URL, refusing anything but PostgreSQL or SQLite with a clear message."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in SUPPORTED_DATABASES:
        raise ImproperlyConfigured(
            f"DATABASE_URL {url!r} is not understood: use postgres://USER@HOST:PORT/NAME "
            "or sqlite:///PATH"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60 if scheme != "sqlite" else 0)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL {url!r} is not valid: {exc}") from exc
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"DATABASE_URL {url!r} names no database")
    if scheme != "sqlite":
        # Fail fast when the server is unreachable instead of hanging a request.
        config.setdefault("OPTIONS", {})["connect_timeout"] = 5
    return config
