"""Raw bodies, content-addressed: ``<root>/ab/cdef...`` named by the body's sha256.

Writes go to a temporary file in the same directory and are renamed into place, so a reader never sees a
partial body and a crash leaves at most a stray temp file. Writing the same body twice is a no-op. A body
archived in a transaction that later rolls back stays on disk unreferenced: harmless, and re-used when the
same body comes again.

A writer that archives many bodies can let the writes (and their fsync, the slow part) run on a background
thread while it goes on parsing and storing: ``Archive(background=True)``. It must then call :meth:`sync`
before committing the transaction that names those bodies, so no committed row ever points at a body that
is not on disk.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from chitieu.errors import StorageError
from chitieu.settings import get_settings


@dataclass(frozen=True, slots=True)
class ArchivedBody:
    content_hash: str  # sha256 hex
    relative_path: str  # "ab/cdef..." under the archive root
    size: int


def content_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


class Archive:
    def __init__(self, root: Path | None = None, *, background: bool = False) -> None:
        self.root = Path(root) if root is not None else get_settings().archive_path
        self._writer = ThreadPoolExecutor(2, thread_name_prefix="chitieu-archive") if background else None
        self._pending: list[Future[None]] = []

    @staticmethod
    def relative_path(digest: str) -> str:
        return f"{digest[:2]}/{digest[2:]}"

    def path_for(self, digest: str) -> Path:
        return self.root / self.relative_path(digest)

    def put(self, body: bytes) -> ArchivedBody:
        """Store ``body`` (idempotent) and say where it is."""
        digest = content_hash(body)
        target = self.path_for(digest)
        if not target.exists():
            if self._writer is None:
                self._write_atomically(target, body)
            else:
                self._pending.append(self._writer.submit(self._write_atomically, target, body))
        return ArchivedBody(digest, self.relative_path(digest), len(body))

    def mark(self) -> int:
        """A position in the pending writes (see :meth:`settle`)."""
        return len(self._pending)

    def sync(self) -> None:
        """Wait until every body put so far is on disk; raise :class:`StorageError` if one could not be."""
        pending, self._pending = self._pending, []
        wait(pending)
        for future in pending:
            if future.exception() is not None:
                raise future.exception()  # type: ignore[misc]

    def settle(self, since: int = 0) -> None:
        """Wait for the writes put after ``since`` without judging them: what they belong to is rolled back."""
        pending, self._pending = self._pending[since:], self._pending[:since]
        wait(pending)

    def get(self, digest_or_path: str) -> bytes:
        """The body with this hash (or relative path); raises :class:`StorageError` when missing."""
        relative = digest_or_path if "/" in digest_or_path else self.relative_path(digest_or_path)
        try:
            return (self.root / relative).read_bytes()
        except OSError as exc:
            raise StorageError(f"archived body {relative} unreadable: {exc}") from exc

    @staticmethod
    def _write_atomically(target: Path, body: bytes) -> None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(body)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise StorageError(f"cannot archive body to {target}: {exc}") from exc
