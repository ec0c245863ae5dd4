"""A CLI process left without the interpreter's teardown still exits like one that was not."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _run(body: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "entry.py"
    script.write_text(
        "import atexit, logging, sys, threading, time\n"
        "from chitieu.cli.fastexit import run_as_process\n" + textwrap.dedent(body),
        encoding="utf-8",
    )
    return subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, cwd=REPO, timeout=60, check=False
    )


def test_output_written_to_a_pipe_is_all_there(tmp_path: Path) -> None:
    # A pipe is block-buffered: without a flush before leaving, these lines would be lost.
    done = _run(
        """
        def main():
            for n in range(2000):
                print(f"dòng {n}")
        run_as_process(main)
        """,
        tmp_path,
    )
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1] == "dòng 1999" and len(done.stdout.splitlines()) == 2000


@pytest.mark.parametrize(
    ("ending", "status"),
    [("sys.exit(3)", 3), ("sys.exit(None)", 0), ("sys.exit('hỏng')", 1), ("raise RuntimeError('lỗi')", 1)],
)
def test_the_exit_status_is_the_commands(tmp_path: Path, ending: str, status: int) -> None:
    done = _run(
        f"""
        def main():
            print("trước")
            {ending}
        run_as_process(main)
        """,
        tmp_path,
    )
    assert (done.returncode, done.stdout) == (status, "trước\n")
    if "RuntimeError" in ending:
        assert "RuntimeError: lỗi" in done.stderr  # the traceback is printed as usual
    if "hỏng" in ending:
        assert "hỏng" in done.stderr


def test_exit_handlers_threads_and_logging_still_run(tmp_path: Path) -> None:
    marker, log_file = tmp_path / "atexit.txt", tmp_path / "log.txt"
    done = _run(
        f"""
        def main():
            logging.basicConfig(filename={str(log_file)!r}, level=logging.INFO)
            atexit.register(lambda: open({str(marker)!r}, "w").write("chạy"))
            def slow():
                time.sleep(0.3)
                logging.getLogger("luồng").info("xong")
            threading.Thread(target=slow).start()  # not a daemon: the process waits for it
        run_as_process(main)
        """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert marker.read_text(encoding="utf-8") == "chạy"
    assert "xong" in log_file.read_text(encoding="utf-8")


def test_the_crawl_entry_reports_a_bad_selection_with_status_1(tmp_path: Path) -> None:
    registry = tmp_path / "sources.yaml"
    registry.write_text("sources: []\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "chitieu.cli.crawl", "--registry", str(registry), "--db", "sqlite://"],
        capture_output=True, text=True, cwd=REPO, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "no source selected" in done.stderr
