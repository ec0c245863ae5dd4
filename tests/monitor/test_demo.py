"""``chitieu demo`` end to end: real crawler, real SMTP sink, and a database the archivist commands read."""

from __future__ import annotations

import json
import mailbox
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path

from click.testing import CliRunner

from chitieu.cli.archive import changes as changes_command
from chitieu.cli.run import demo as demo_command
from chitieu.settings import get_settings


def test_demo_crawls_revises_reports_and_mails_in_under_a_minute(tmp_path: Path) -> None:
    started = time.monotonic()
    result = CliRunner().invoke(demo_command, [], catch_exceptions=False)
    elapsed = time.monotonic() - started
    assert result.exit_code == 0, result.output
    assert elapsed < 60
    home = get_settings().data_dir / "demo"
    db_url = f"sqlite:///{home / 'chitieu-demo.sqlite'}"
    assert db_url in result.output, "the follow-up commands name the database"
    assert "first crawl: " in result.output and "second crawl: " in result.output

    messages = list(mailbox.mbox(str(home / "mailbox.mbox")))
    assert len(messages) == 1, "one alert for the revision (the first crawl's new document is not subscribed)"
    mail = BytesParser(policy=policy.default).parsebytes(messages[0].as_bytes())
    assert str(mail["Subject"]).strip().startswith("[chitieu] Cao Bằng: 3 thay đổi")
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    for part in (text, html):
        assert "GRDP bình quân đầu người (năm 2020): 3,33 triệu đồng → 33,3 triệu đồng" in part
        assert "Chỉ tiêu mới: Tỷ lệ gia đình đạt tiêu chuẩn văn hóa (năm 2020): 85%" in part
        assert "Chỉ tiêu bị bỏ: Tổng vốn đầu tư toàn xã hội (năm 2020): trên 10%" in part
        assert "/news/kinh-te/thong-nhat-cac-chi-tieu-phat-trien-kinh-te-xa-hoi-nam-2020-2411.html" in part

    listed = CliRunner().invoke(changes_command, ["--db", db_url, "--format", "json"], catch_exceptions=False)
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    figure_rows = {(r["kind"], r["indicator_id"]): r for r in rows if r["kind"].startswith("figure_")}
    assert set(figure_rows) == {
        ("figure_revised", "grdp_per_capita"),
        ("figure_new", "cultural_families"),
        ("figure_withdrawn", "total_social_investment"),
    }
    revised = figure_rows[("figure_revised", "grdp_per_capita")]
    assert (str(revised["old_value"]), str(revised["new_value"]), revised["unit"]) == (
        "3.33",
        "33.3",
        "triệu đồng",
    )
    assert "decimal" in revised["note"]
    assert sum(r["kind"] == "document_new" for r in rows) == 1, (
        "only the resolution article is a target document"
    )


def test_demo_into_a_chosen_database_in_english(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'chosen.sqlite'}"
    box = tmp_path / "alerts.mbox"
    result = CliRunner().invoke(
        demo_command, ["--db", db_url, "--mailbox", str(box), "--lang", "en"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "Figure revised: GRDP per capita (GRDP bình quân đầu người) (period 2020)" in result.output
    assert "3.33 triệu đồng → 33.3 triệu đồng" in result.output
    assert len(list(mailbox.mbox(str(box)))) == 1
    assert (tmp_path / "chosen.sqlite").exists()
