"""Settings, read from `AUDIATUR_*` environment variables (and a `.env` file) with safe defaults."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "database_url", "get_settings"]

_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


class Settings(BaseSettings):
    """Every tunable of audiatur; each field is also `AUDIATUR_<NAME>` in the environment."""

    model_config = SettingsConfigDict(env_prefix="AUDIATUR_", env_file=".env", extra="ignore")

    database_url: str = Field(default="audiatur.db", description="SQLAlchemy URL, or a path to a SQLite file")
    model: str | None = Field(default=None, description="an installed spaCy pipeline to add evidence")
    gazetteers: list[Path] = Field(default_factory=list, description="extra gazetteer files (YAML/JSONL)")
    actors_file: Path | None = Field(default=None, description="extra actors file (YAML)")
    parties_file: Path | None = Field(default=None, description="extra parties file (YAML)")
    max_fetch_bytes: int = Field(default=20 * 1024 * 1024, description="largest HTTP response read")
    fetch_timeout: float = Field(default=30.0, description="seconds allowed for one URL, redirects included")
    max_file_bytes: int = Field(default=50 * 1024 * 1024, description="largest local file read")
    max_text_chars: int = Field(default=2_000_000, description="longest document text kept")
    max_pdf_pages: int = Field(default=500, description="most PDF pages read")
    allow_private: bool = Field(default=False, description="allow URLs on private/loopback addresses")
    secret_key: str | None = Field(default=None, description="key for signing web sessions")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings()


def database_url(value: str | Path | None = None) -> str:
    """Turn `--db` / `AUDIATUR_DATABASE_URL` into a SQLAlchemy URL; a plain path means a SQLite file."""
    raw = str(value) if value is not None else get_settings().database_url
    if _URL.match(raw):
        return raw
    return f"sqlite:///{Path(raw).expanduser().resolve()}"
