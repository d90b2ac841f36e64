"""Acceptance floors on real pages and articles with the shared scorers (skipped without ../shared):
main text and publication day on web/, titles and body on news/. Events are not coded here."""
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from veille.cli import app

from .conftest import SHARED


def _extract(folder, tmp_path):
    result = CliRunner().invoke(app, ["extract", str(folder), "--no-events", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out.jsonl"
    out.write_text(result.stdout, encoding="utf-8")
    return out


def _score(*args):
    return json.loads(subprocess.run([sys.executable, *map(str, args), "--json"],
                                     capture_output=True, text=True, check=True).stdout)


def test_web_pages_main_text_and_publication_day(tmp_path):
    web = SHARED / "eval" / "web"
    if not (SHARED / "eval" / "score_web.py").is_file() or not (web / "pages").is_dir():
        pytest.skip("../shared/eval/web is not available")
    figures = _score(SHARED / "eval" / "score_web.py", "--gold", web / "gold.json",
                     "--system", _extract(web / "pages", tmp_path))
    # trafilatura.extract alone: P 0.924, R 0.909; htmldate.find_date alone: 0.942
    assert figures["body_f1"] >= 0.94 and figures["body_p"] >= 0.924 and figures["body_r"] >= 0.909
    assert figures["date_acc"] >= 0.95


def test_news_titles_and_body(tmp_path):
    news = SHARED / "eval" / "news"
    if not (SHARED / "eval" / "score.py").is_file() or not (news / "docs").is_dir():
        pytest.skip("../shared/eval/news is not available")
    figures = _score(SHARED / "eval" / "score.py", "--gold", news / "gold.jsonl", "--inputs", news / "docs",
                     "--system", _extract(news / "docs", tmp_path))
    assert figures["missing_docs"] == []
    assert figures["title"]["acc"] >= 0.95
    assert figures["body"]["f1"] >= 0.998
