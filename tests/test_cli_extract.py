"""``chitieu extract``: formats, per-file errors and exit codes; in-process and as the installed script."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from chitieu.cli import cli
from figures.loader import load_text
from figures.model import Figure

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
TEXT_FIXTURE = FIXTURES / "nghi_quyet_ke_hoach_2024.txt"
REQUIRED_KEYS = {
    "file",
    "indicator",
    "indicator_id",
    "value",
    "value_max",
    "unit",
    "unit_canonical",
    "scale",
    "comparator",
    "direction",
    "kind",
    "period",
    "category",
    "parent",
    "span",
    "quote",
}
PERCENT = re.compile(r"(\d+(?:,\d+)?)%")
extract_module = importlib.import_module("chitieu.cli.extract")  # `chitieu.cli.extract` is also the command


def percent_parser(text: str, *, period: str | None = None, written_in: str | None = None) -> list[Figure]:
    """A stand-in parser with a known answer: every ``N%`` in the text, as a figure."""
    figures = []
    for match in PERCENT.finditer(text):
        value = Decimal(match.group(1).replace(",", "."))
        figures.append(
            Figure(
                indicator="tỷ lệ",
                value=value,
                unit="%",
                span=match.span(),
                quote=match.group(),
                period=period,
            )
        )
    return figures


def failing_parser(text: str, *, period: str | None = None, written_in: str | None = None) -> list[Figure]:
    if "4.250" in text:
        raise RuntimeError("boom\nsecond line")
    return percent_parser(text, period=period)


@pytest.fixture
def stub_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_module, "extract_figures", percent_parser)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["extract", *args])


def jsonl(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


@pytest.mark.usefixtures("stub_parser")
def test_jsonl_prints_one_object_per_figure_with_every_key() -> None:
    result = run(str(TEXT_FIXTURE), "--format", "jsonl")

    assert result.exit_code == 0, result.output
    records = jsonl(result.stdout)
    text = load_text(TEXT_FIXTURE)
    assert len(records) == len(PERCENT.findall(text))
    for record in records:
        assert record.keys() >= REQUIRED_KEYS
        assert record["file"] == str(TEXT_FIXTURE)
        start, end = record["span"]
        assert text[start:end] == record["quote"]
    assert records[0]["value"] == 7.0 and records[0]["unit"] == "%"


@pytest.mark.usefixtures("stub_parser")
def test_file_is_reported_as_given_on_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)

    result = run("./nghi_quyet_ke_hoach_2024.txt", "--format", "jsonl")

    assert {record["file"] for record in jsonl(result.stdout)} == {"./nghi_quyet_ke_hoach_2024.txt"}


@pytest.mark.usefixtures("stub_parser")
def test_json_prints_one_array_of_the_same_records() -> None:
    files = [str(TEXT_FIXTURE), str(FIXTURES / "tin_so_ket_6_thang.txt")]

    as_json = run(*files, "--format", "json")
    as_jsonl = run(*files, "--format", "jsonl")

    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout) == jsonl(as_jsonl.stdout)
    assert {record["file"] for record in json.loads(as_json.stdout)} == set(files)


@pytest.mark.usefixtures("stub_parser")
def test_table_is_the_default_and_shows_values_in_vietnamese_notation() -> None:
    result = run(str(FIXTURES / "nukeviet_tin_bai.html"))

    assert result.exit_code == 0
    assert "58,6" in result.stdout
    assert "indicator" in result.stdout and "quote" in result.stdout
    assert re.search(r"\d+ figure\(s\) in 1 file\(s\)", result.stdout)


@pytest.mark.usefixtures("stub_parser")
def test_period_option_reaches_the_parser_and_is_validated() -> None:
    result = run(str(TEXT_FIXTURE), "--format", "jsonl", "--period", "2024")
    assert {record["period"] for record in jsonl(result.stdout)} == {"2024"}

    bad = run(str(TEXT_FIXTURE), "--period", "năm nay")
    assert bad.exit_code == 2
    assert "--period" in bad.stderr


def write_bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "anh.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin = tmp_path / "ma-sai.txt"
    latin.write_bytes(b"T\xe0 l\xe9 che ph\xf9 r\xf9ng 58,6%")
    big = tmp_path / "qua-lon.txt"
    big.write_text("Tỷ lệ che phủ rừng đạt 58,6%.\n" * 2000, encoding="utf-8")
    return {
        "missing": (tmp_path / "khong-co.txt", "no such file"),
        "empty": (empty, "empty"),
        "binary": (binary, "binary"),
        "not-utf8": (latin, "not valid UTF-8"),
        "over-size": (big, "too large"),
    }


@pytest.mark.usefixtures("stub_parser")
@pytest.mark.parametrize("case", ["missing", "empty", "binary", "not-utf8", "over-size"])
def test_bad_input_gets_one_error_line_and_exit_1_while_other_files_are_printed(
    tmp_path: Path, case: str
) -> None:
    bad, reason = write_bad_inputs(tmp_path)[case]

    result = run(
        str(TEXT_FIXTURE),
        str(bad),
        str(FIXTURES / "tin_so_ket_6_thang.txt"),
        "--format",
        "jsonl",
        "--max-bytes",
        "20000",
    )

    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert line.startswith(f"chitieu: error: {bad}: ")
    assert reason in line
    printed = {record["file"] for record in jsonl(result.stdout)}
    assert printed == {str(TEXT_FIXTURE), str(FIXTURES / "tin_so_ket_6_thang.txt")}


@pytest.mark.usefixtures("stub_parser")
def test_text_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes("Tổng thu ngân sách 4.250 tỷ đồng".encode().replace(b"\xc3\xa2", b"\xe2"))

    result = run(str(path), "--format", "jsonl")

    assert result.exit_code == 1
    assert error_lines(result) == [
        f"chitieu: error: {path}: not valid UTF-8 (byte 0xe2 at offset 13); save it as UTF-8"
    ]


def test_parser_exception_is_reported_for_that_file_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_module, "extract_figures", failing_parser)
    six_months = str(FIXTURES / "tin_so_ket_6_thang.txt")

    result = run(str(TEXT_FIXTURE), six_months, "--format", "jsonl")

    assert result.exit_code == 1
    assert error_lines(result) == [
        f"chitieu: error: {TEXT_FIXTURE}: parser failed (RuntimeError: boom second line)"
    ]
    assert "Traceback" not in result.output
    assert {record["file"] for record in jsonl(result.stdout)} == {six_months}


def test_an_html_pages_own_date_tells_the_year_its_results_are_of(tmp_path: Path) -> None:
    """The page date in the markup (not in the article text) is the year the page was written in: its results
    are that year's, whatever year its headline plans for."""
    page = tmp_path / "tin.html"
    page.write_text(
        "<html><head><title>Năm 2027 phường phấn đấu thu ngân sách 700 tỷ đồng</title></head><body>"
        '<div class="breadcrumb">Trang chủ / Tin tức</div><span class="date">Thứ ba, 22/12/2026</span>'
        "<article><h1>Năm 2027 phường phấn đấu thu ngân sách 700 tỷ đồng</h1>"
        "<p>Tổng thu ngân sách nhà nước trên địa bàn phường đạt 612,4 tỷ đồng, tăng 6% so với cùng kỳ. "
        "Toàn phường có 1.250 hộ kinh doanh cá thể đang hoạt động.</p></article></body></html>",
        encoding="utf-8",
    )
    records = jsonl(run(str(page), "--format", "jsonl").stdout)
    revenue = next(r for r in records if r["value"] == 612.4)
    assert (revenue["kind"], revenue["period"]) == ("actual", "2026")
    undated = tmp_path / "undated.html"
    undated.write_text(page.read_text(encoding="utf-8").replace("22/12/2026", "hôm nay"), encoding="utf-8")
    revenue = next(r for r in jsonl(run(str(undated), "--format", "jsonl").stdout) if r["value"] == 612.4)
    assert revenue["period"] == "2027"  # without its date the page is read by its headline's year


def test_table_and_json_also_exit_1_on_a_bad_file(stub_parser: None, tmp_path: Path) -> None:
    missing = str(tmp_path / "khong-co.txt")
    for output_format in ("table", "json"):
        result = run(str(TEXT_FIXTURE), missing, "--format", output_format)
        assert result.exit_code == 1
        assert error_lines(result) == [f"chitieu: error: {missing}: no such file"]
    assert json.loads(run(missing, "--format", "json").stdout) == []


@pytest.mark.parametrize("path", sorted(FIXTURES.iterdir()), ids=lambda path: path.name)
def test_real_parser_output_is_valid_for_every_fixture(path: Path) -> None:
    result = run(str(path), "--format", "jsonl")

    assert result.exit_code == 0, result.output
    text = load_text(path)
    records = jsonl(result.stdout)
    for record in records:
        assert record.keys() >= REQUIRED_KEYS
        start, end = record["span"]
        assert text[start:end] == record["quote"]
        assert record["parent"] is None or 0 <= record["parent"] < len(records)


def test_value_formatting_helpers() -> None:
    assert extract_module.vietnamese_number(Decimal("2370.5")) == "2.370,5"
    assert extract_module.vietnamese_number(Decimal("1021894")) == "1.021.894"
    assert extract_module.vietnamese_number(Decimal("-9.28")) == "-9,28"
    figure = Figure(
        indicator="GRDP",
        value=Decimal("7.0"),
        value_max=Decimal("7.5"),
        unit="%",
        span=(0, 1),
        quote="x",
        comparator="range",
        direction="increase",
    )
    assert extract_module.format_value(figure) == "↑ 7,0–7,5"
    assert len(extract_module.shorten("chỉ tiêu " * 40)) == 70


def installed_script() -> Path:
    return Path(sys.executable).parent / "chitieu"


@pytest.mark.skipif(not installed_script().exists(), reason="run `.venv/bin/pip install -e .` first")
def test_installed_entry_point_reports_errors_per_file(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.txt"

    done = subprocess.run(
        [str(installed_script()), "extract", str(TEXT_FIXTURE), str(missing), "--format", "jsonl"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"chitieu: error: {missing}: no such file"]
    for record in jsonl(done.stdout):
        assert record["file"] == str(TEXT_FIXTURE)
