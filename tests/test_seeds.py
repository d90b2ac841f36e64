"""The dev-set figures with the shared scorer, as acceptance floors (skipped without ../shared)."""
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from veille.cli import app


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    from .conftest import SHARED

    if not (SHARED / "eval" / "score.py").is_file() or not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/eval or ../shared/seeds is not available")
    result = CliRunner().invoke(app, ["extract", str(SHARED / "seeds"), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    out = tmp_path_factory.mktemp("seeds") / "out.jsonl"
    out.write_text(result.stdout, encoding="utf-8")
    scored = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(SHARED / "eval" / "dev.jsonl"),
                             "--inputs", str(SHARED / "seeds"), "--system", str(out), "--json"],
                            capture_output=True, text=True, check=True)
    return json.loads(scored.stdout)


def test_body_title_outlet_and_date(figures):
    assert figures["missing_docs"] == []
    assert figures["body"]["f1"] >= 0.97 and figures["body"]["p"] >= 0.97
    assert figures["title"]["acc"] == 1.0
    assert figures["outlet"]["acc"] >= 0.8
    assert figures["published"]["acc"] == 1.0


def test_no_event_from_page_furniture(figures):
    assert figures["boilerplate_leaks"] == 0
