"""The raw-body archive: content-addressed, atomic, idempotent."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from chitieu.errors import StorageError
from storage.archive import Archive


def test_body_is_stored_under_its_sha256(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    body = "Nghị quyết về kế hoạch năm 2024".encode()
    stored = archive.put(body)
    digest = hashlib.sha256(body).hexdigest()
    assert stored.content_hash == digest
    assert (tmp_path / digest[:2] / digest[2:]).read_bytes() == body
    assert archive.get(digest) == body == archive.get(stored.relative_path)


def test_storing_twice_is_a_no_op_and_leaves_no_temp_files(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    first = archive.put(b"abc")
    path = archive.path_for(first.content_hash)
    mtime = path.stat().st_mtime_ns
    assert archive.put(b"abc") == first
    assert path.stat().st_mtime_ns == mtime
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [path.name]


def test_unwritable_archive_raises_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(StorageError):
        Archive(blocker).put(b"body")
    with pytest.raises(StorageError):
        Archive(tmp_path).get("00" * 32)
