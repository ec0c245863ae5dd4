"""Text diff between versions of a document."""

from __future__ import annotations

from datetime import timedelta

import pytest

from monitor.record import record_version
from monitor.textdiff import diff_versions, pick_versions, unified_diff
from storage.db import session_scope
from storage.models import Document
from storage.testing import incoming

V1 = "Chỉ tiêu năm 2024\nTỷ lệ che phủ rừng đạt 55%.\nThu ngân sách 2.100 tỷ đồng.\n"
V2 = "Chỉ tiêu năm 2024\nTỷ lệ che phủ rừng đạt 56%.\nThu ngân sách 2.100 tỷ đồng.\n"
V3 = V2 + "Tạo việc làm mới cho 10.000 lao động.\n"


def test_unified_diff_marks_changed_lines() -> None:
    diff = unified_diff(V1, V2, "v1", "v2")
    assert "-Tỷ lệ che phủ rừng đạt 55%.\n" in diff
    assert "+Tỷ lệ che phủ rừng đạt 56%.\n" in diff
    assert unified_diff(V1, V1) == ""


def test_diff_between_any_two_stored_versions(engine, archive) -> None:
    for day, text in enumerate((V1, V2, V3)):
        version = incoming("https://a.gov.vn/kh", text)
        version.fetched_at += timedelta(days=day)
        with session_scope(engine) as session:
            record_version(session, version, archive=archive, extract=lambda t, **_: [])
    with session_scope(engine) as session:
        document = session.query(Document).one()
        last_two = diff_versions(*pick_versions(session, document))
        assert "+Tạo việc làm mới cho 10.000 lao động." in last_two and "55%" not in last_two
        first_last = diff_versions(*pick_versions(session, document, 1, 3))
        assert "-Tỷ lệ che phủ rừng đạt 55%." in first_last and "+Tạo việc làm" in first_last
        with pytest.raises(LookupError):
            pick_versions(session, document, 1, 9)
