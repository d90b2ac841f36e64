"""The README's Python example, run as the script a reader would save it as."""
import re
import subprocess
import sys

from .conftest import EXAMPLES, ROOT


def test_the_python_example_runs_as_a_script(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = next(block for block in re.findall(r"```python\n(.*?)```", readme, re.S) if "Pipeline" in block)
    (tmp_path / "example.py").write_text(example, encoding="utf-8")
    (tmp_path / "examples").symlink_to(EXAMPLES)
    run = subprocess.run([sys.executable, "example.py"], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("L’OTAN annonce") and "2024-01-19" in lines[0]
    stored, events, skipped, failures = lines[3].split(" ", 3)
    assert int(stored) == 8 and int(events) > 8 and skipped == "0" and failures == "[]"
    assert "RUS" in run.stdout and "sentence" in run.stdout and (tmp_path / "veille.duckdb").is_file()
