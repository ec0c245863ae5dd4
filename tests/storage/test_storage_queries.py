"""History on two time axes, across the 2025 merger, and exports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from monitor.record import record_version
from storage.db import session_scope
from storage.queries import as_of_moment, export_rows, history
from storage.testing import figure_in, incoming

TEXT_V1 = "Năm 2024, tỷ lệ hộ nghèo giảm 2,5%; tỷ lệ che phủ rừng đạt 58%."
TEXT_V2 = "Năm 2024, tỷ lệ hộ nghèo giảm 3%; tỷ lệ che phủ rừng đạt 58%."
MARCH, APRIL = datetime(2024, 3, 1, 3, tzinfo=UTC), datetime(2024, 4, 1, 3, tzinfo=UTC)


def figs(text: str) -> list:
    poverty = text[text.index("giảm ") + 5 : text.index("%;")]
    return [
        figure_in(
            text,
            f"tỷ lệ hộ nghèo giảm {poverty}%",
            poverty.replace(",", "."),
            "%",
            indicator="Tỷ lệ hộ nghèo",
        ),
        figure_in(text, "tỷ lệ che phủ rừng đạt 58%", "58", "%", indicator="Tỷ lệ che phủ rừng"),
    ]


def put(engine, archive, url, text, when, province):
    version = incoming(url, text, province=province, fetched_at=when)
    with session_scope(engine) as session:
        record_version(session, version, archive=archive, extract=lambda t, **_: figs(text))


def test_history_keeps_every_version_and_answers_as_of(engine, archive) -> None:
    put(engine, archive, "https://hagiang.example/kh", TEXT_V1, MARCH, "Hà Giang")
    put(engine, archive, "https://hagiang.example/kh", TEXT_V2, APRIL, "Hà Giang")
    with session_scope(engine) as session:
        rows = history(session, "ty le ho ngheo")
        assert [(str(r["value"]), r["version"]) for r in rows] == [("2.5", 1), ("3", 2)]
        assert all(r["url"] == "https://hagiang.example/kh" for r in rows)
        assert rows[0]["quote"] == "tỷ lệ hộ nghèo giảm 2,5%"
        in_march = history(session, "Tỷ lệ hộ nghèo", as_of="2024-03-15")
        assert [str(r["value"]) for r in in_march] == ["2.5"]
        assert [str(r["value"]) for r in history(session, "tỷ lệ hộ nghèo", as_of="2024-05-01")] == ["3"]
        assert history(session, "tỷ lệ hộ nghèo", as_of="2024-02-01") == []


def test_figures_of_an_absorbed_unit_are_found_under_its_successor(engine, archive) -> None:
    put(engine, archive, "https://hagiang.example/kh", TEXT_V1, MARCH, "Hà Giang")
    put(engine, archive, "https://tuyenquang.example/kh", TEXT_V2, MARCH, "Tuyên Quang")
    with session_scope(engine) as session:
        under_new = history(session, "tỷ lệ che phủ rừng", province="tuyen quang")
        assert sorted(r["province"] for r in under_new) == ["Hà Giang", "Tuyên Quang"]
        under_old = history(session, "tỷ lệ che phủ rừng", province="Hà Giang")
        assert [r["province_now"] for r in under_old] == ["Tuyên Quang"]
        assert history(session, "tỷ lệ che phủ rừng", province="Cao Bằng") == []


def test_export_as_of_gives_what_the_sources_said_then(engine, archive) -> None:
    put(engine, archive, "https://hagiang.example/kh", TEXT_V1, MARCH, "Hà Giang")
    put(engine, archive, "https://hagiang.example/kh", TEXT_V2, APRIL, "Hà Giang")
    with session_scope(engine) as session:
        assert len(list(export_rows(session))) == 4
        march = list(export_rows(session, as_of="2024-03-31"))
        assert sorted(str(r["value"]) for r in march) == ["2.5", "58"]


def test_as_of_date_is_the_end_of_that_day_in_vietnam() -> None:
    assert as_of_moment("2024-03-15") == datetime(2024, 3, 15, 17, tzinfo=UTC)
    assert as_of_moment(datetime(2024, 3, 15, 7, 0)) == datetime(2024, 3, 15, 0, tzinfo=UTC)
    assert as_of_moment(None) is None
    assert as_of_moment("2024-03-15") - as_of_moment("2024-03-14") == timedelta(days=1)


def _typed(row: dict) -> list[tuple[str, type, str]]:
    return [(key, type(value), str(value)) for key, value in row.items()]


def test_history_rows_are_the_rows_the_column_types_give(engine, archive) -> None:
    """history converts raw driver values itself: the result must be what the typed columns give
    (export_rows reads through them), key order, types and decimal exponents included."""
    text = "Năm 2024, GRDP tăng 7-7,5%; tỷ lệ che phủ rừng đạt 58,50%."
    growth = figure_in(text, "GRDP tăng 7-7,5%", "7", "%", indicator="GRDP", value_max=Decimal("7.5"))
    forest = figure_in(text, "tỷ lệ che phủ rừng đạt 58,50%", "58.50", "%", indicator="Tỷ lệ che phủ rừng")
    for url, when, province in (
        ("https://hagiang.example/kh", MARCH, "Hà Giang"),
        ("https://hagiang.example/bc", APRIL, "Hà Giang"),
        ("https://tuyenquang.example/kh", APRIL, "Tuyên Quang"),
    ):
        version = incoming(url, text, province=province, fetched_at=when)
        with session_scope(engine) as session:
            record_version(session, version, archive=archive, extract=lambda t, **_: [growth, forest])
    with session_scope(engine) as session:
        exported = {row["figure_id"]: row for row in export_rows(session)}
        found = [
            *history(session, "grdp", province="tuyen quang"),
            *history(
                session, "ty le che phu rung", province="Tuyên Quang", period="2024", as_of="2024-03-15"
            ),
        ]
        assert [(r["province"], r["fetched_at"], r["value"], r["value_max"]) for r in found] == [
            ("Tuyên Quang", APRIL, Decimal(7), Decimal("7.5")),  # ordered by province id: current units first
            ("Hà Giang", MARCH, Decimal(7), Decimal("7.5")),
            ("Hà Giang", APRIL, Decimal(7), Decimal("7.5")),
            ("Hà Giang", MARCH, Decimal("58.5"), None),
        ]
        assert [_typed(r) for r in found] == [_typed(exported[r["figure_id"]]) for r in found]
        assert found[0]["fetched_at"].tzinfo is UTC and found[0]["valid_to"] is None
        assert found[0]["span"] == [text.index("GRDP"), text.index(";")]
