"""One settings object. Values come from the environment (``CHITIEU_*``) or an optional config file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_path
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return user_data_path("chitieu", appauthor=False)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CHITIEU_", env_file=None, extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    db_url: str | None = None  # CHITIEU_DB_URL; default: SQLite file under data_dir
    archive_dir: Path | None = None  # raw bodies, content-addressed; default: data_dir / "archive"
    max_input_bytes: int = 20 * 1024 * 1024  # parser input limit (files and bodies)
    admin_token: SecretStr | None = None  # CHITIEU_ADMIN_TOKEN: enables the web UI's write actions
    user_agent: str = "chitieu/0.1 (+https://github.com/chitieu; archival crawler of public targets)"

    @property
    def database_url(self) -> str:
        if self.db_url:
            return self.db_url
        return f"sqlite:///{self.data_dir / 'chitieu.sqlite'}"

    @property
    def archive_path(self) -> Path:
        return self.archive_dir or (self.data_dir / "archive")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
