"""One settings object. Values come from the environment (``CHITIEU_*``) or an optional config file.

Secrets (``CHITIEU_ADMIN_TOKEN``, a password in ``CHITIEU_DB_URL``; SMTP passwords and webhook tokens as
``${NAME}`` references in the subscriptions file) come from the environment or from a config file kept
*outside* the repository: ``CHITIEU_CONFIG=/etc/chitieu/chitieu.env`` (dotenv lines ``CHITIEU_X=...``), or
``~/.config/chitieu/chitieu.env`` when it exists. A config file inside a source checkout is refused, so a
secret is never one ``git add`` away from being published. The environment wins over the file. The
settings' ``repr`` never shows a secret.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from platformdirs import user_config_path, user_data_path
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from chitieu.errors import InputError

log = logging.getLogger(__name__)
CONFIG_ENV = "CHITIEU_CONFIG"
_SOURCE_TREE = Path(__file__).resolve().parents[1]
_URL_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")


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

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, value in super().__repr_args__():
            yield name, (_URL_PASSWORD.sub(r"\1***@", value) if name == "db_url" and value else value)


def config_file() -> Path | None:
    """The config file to read (``CHITIEU_CONFIG``, else the user's one if present); refused when inside
    a repository or chitieu's own source tree."""
    raw = os.environ.get(CONFIG_ENV, "").strip()
    if raw:
        path = Path(raw).expanduser()
        if not path.is_file():
            raise InputError(f"{CONFIG_ENV}={path}: no such file")
    else:
        path = user_config_path("chitieu", appauthor=False) / "chitieu.env"
        if not path.is_file():
            return None
    path = path.resolve()
    inside = _enclosing_repository(path)
    if inside is not None:
        raise InputError(
            f"config file {path} is inside the repository {inside}: keep secrets outside it "
            "(e.g. ~/.config/chitieu/chitieu.env or /etc/chitieu/chitieu.env)"
        )
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning("config file %s is readable by other users; chmod 600 it", path)
    return path


def _enclosing_repository(path: Path) -> Path | None:
    """chitieu's checkout (this one, or another copy of the project) that ``path`` lies in, if any."""
    for parent in path.parents:
        if parent == _SOURCE_TREE or _is_chitieu_checkout(parent):
            return parent if (parent / "pyproject.toml").exists() else None
    return None


def _is_chitieu_checkout(directory: Path) -> bool:
    project = directory / "pyproject.toml"
    try:
        return (directory / ".git").exists() and 'name = "chitieu"' in project.read_text(encoding="utf-8")
    except OSError:
        return False


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings(_env_file=config_file())  # type: ignore[call-arg]
