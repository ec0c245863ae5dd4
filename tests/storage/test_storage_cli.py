"""The archivist commands end to end: files -> real parser -> database -> history, changes, export."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import click
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from chitieu.cli.archive import COMMANDS

PLAN_2024 = """KẾ HOẠCH
Phát triển kinh tế - xã hội tỉnh Cao Bằng năm 2024

I. CÁC CHỈ TIÊU CHỦ YẾU
1. Tốc độ tăng trưởng GRDP đạt 7%.
2. Thu ngân sách nhà nước trên địa bàn đạt 2.100 tỷ đồng.
3. Tỷ lệ che phủ rừng đạt 56%.
4. Tỷ lệ hộ nghèo giảm 3%.
"""
PLAN_2024_REVISED = PLAN_2024.replace("2.100 tỷ đồng", "2.250 tỷ đồng")
REQUIRED_CHANGE_KEYS = {
    "kind",
    "province",
    "indicator",
    "indicator_id",
    "period",
    "old_value",
    "new_value",
    "unit",
    "old_quote",
    "new_quote",
    "old_url",
    "new_url",
    "note",
}


@click.group()
def root() -> None:
    """Test-only root group holding the archive commands (the lead registers them in chitieu.cli)."""


for command in COMMANDS:
    root.add_command(command)


@pytest.fixture
def cli(db_url: str):
    runner = CliRunner()

    def run(*args: str, ok: bool = True):
        result = runner.invoke(root, [*args, "--db", db_url])
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return run


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def ingest(cli, path: Path, when: str, url: str = "https://caobang.example/kh-2024"):
    args = ("ingest", str(path), "--source", "caobang-portal", "--url", url, "--province", "Cao Bằng")
    return cli(*args, "--period", "2024", "--fetched-at", when, "--format", "json")


def test_ingest_twice_is_a_no_op_and_a_revision_shows_in_changes(cli, tmp_path: Path) -> None:
    first = json.loads(ingest(cli, write(tmp_path, "v1.txt", PLAN_2024), "2024-01-05").stdout)
    assert first[0]["status"] == "new_document" and first[0]["figures"] >= 3
    again = json.loads(ingest(cli, write(tmp_path, "v1.txt", PLAN_2024), "2024-01-05").stdout)
    assert again[0]["status"] == "unchanged"
    ingest(cli, write(tmp_path, "v2.txt", PLAN_2024_REVISED), "2024-02-05")

    changes = json.loads(cli("changes", "--format", "json").stdout)
    assert all(set(c) >= REQUIRED_CHANGE_KEYS for c in changes)
    revised = [c for c in changes if c["kind"] == "figure_revised"]
    assert [(c["old_value"], c["new_value"], c["unit"]) for c in revised] == [(2100, 2250, "tỷ đồng")]
    assert "2.100 tỷ đồng" in revised[0]["old_quote"] and "2.250 tỷ đồng" in revised[0]["new_quote"]
    assert revised[0]["new_url"] == "https://caobang.example/kh-2024" and revised[0]["province"] == "Cao Bằng"
    only_new = json.loads(cli("changes", "--kind", "document_new", "--format", "json").stdout)
    assert [c["kind"] for c in only_new] == ["document_new"]


def test_history_accepts_names_without_accents_and_two_time_axes(cli, tmp_path: Path) -> None:
    ingest(cli, write(tmp_path, "v1.txt", PLAN_2024), "2024-01-05")
    ingest(cli, write(tmp_path, "v2.txt", PLAN_2024_REVISED), "2024-02-05")
    rows = json.loads(cli("history", "thu ngan sach nha nuoc tren dia ban", "--format", "json").stdout)
    assert [r["value"] for r in rows] == [2100, 2250]
    assert all(r["url"] and r["quote"] and r["fetched_at"] for r in rows)
    january = json.loads(
        cli(
            "history", "thu ngan sach nha nuoc tren dia ban", "--as-of", "2024-01-31", "--format", "json"
        ).stdout
    )
    assert [r["value"] for r in january] == [2100]
    table = cli("history", "thu ngan sach nha nuoc tren dia ban", "--province", "cao bang").stdout
    assert "2.250" in table and "Cao Bằng" in table


def test_versions_and_diff(cli, tmp_path: Path) -> None:
    ingest(cli, write(tmp_path, "v1.txt", PLAN_2024), "2024-01-05")
    ingest(cli, write(tmp_path, "v2.txt", PLAN_2024_REVISED), "2024-02-05")
    versions = json.loads(cli("versions", "https://caobang.example/kh-2024", "--format", "json").stdout)
    assert [v["version"] for v in versions] == [1, 2]
    diff = cli("diff", "https://caobang.example/kh-2024").stdout
    assert "-2. Thu ngân sách nhà nước trên địa bàn đạt 2.100 tỷ đồng." in diff
    assert "+2. Thu ngân sách nhà nước trên địa bàn đạt 2.250 tỷ đồng." in diff
    missing = cli("versions", "https://nowhere.example/", ok=False)
    assert missing.exit_code == 1 and "no document" in missing.stderr


def test_export_csv_json_parquet(cli, tmp_path: Path) -> None:
    ingest(cli, write(tmp_path, "v1.txt", PLAN_2024), "2024-01-05")
    ingest(cli, write(tmp_path, "v2.txt", PLAN_2024_REVISED), "2024-02-05")
    as_json = json.loads(cli("export", "--format", "json").stdout)
    csv_lines = cli("export", "--format", "csv").stdout.strip().splitlines()
    assert len(csv_lines) == len(as_json) + 1 and csv_lines[0].startswith("province,")
    january = json.loads(cli("export", "--format", "json", "--as-of", "2024-01-31").stdout)
    assert len(january) == len(as_json) // 2
    target = tmp_path / "figures.parquet"
    cli("export", "--format", "parquet", "--output", str(target))
    table = pq.read_table(target)
    assert table.num_rows == len(as_json)
    assert "2100" in table.column("value").to_pylist()


def test_directory_ingest_gives_each_file_its_url(cli, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    write(folder, "a.txt", PLAN_2024)
    write(folder, "b.html", f"<html><body><article><p>{PLAN_2024_REVISED}</p></article></body></html>")
    args = (
        "ingest",
        str(folder),
        "--source",
        "local",
        "--url",
        "https://x.example/docs",
        "--province",
        "Cao Bằng",
    )
    rows = json.loads(cli(*args, "--format", "json").stdout)
    assert [r["url"] for r in rows] == ["https://x.example/docs/a.txt", "https://x.example/docs/b.html"]


def test_unreadable_file_is_reported_and_others_still_ingested(cli, tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", PLAN_2024)
    result = cli(
        "ingest", str(tmp_path / "missing.txt"), str(good), "--source", "s", "--format", "json", ok=False
    )
    assert result.exit_code == 1
    assert "missing.txt" in result.stderr
    assert [r["status"] for r in json.loads(result.stdout)] == ["failed", "new_document"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("command", [("changes",), ("history", "grdp"), ("ingest", "x.txt", "--source", "s")])
def test_database_down_is_one_line_and_nonzero(command: tuple[str, ...]) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{_free_port()}/chitieu"
    result = CliRunner().invoke(root, [*command, "--db", url])
    assert result.exit_code == 1
    assert result.stderr.startswith("chitieu: error: database unreachable")
    assert len(result.stderr.strip().splitlines()) == 1
