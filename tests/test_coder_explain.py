"""Why the coder coded what it did (veille.coder.explain) and the `veille explain` command."""
import json

import pytest
from typer.testing import CliRunner

from veille.cli import app
from veille.coder.explain import describe, explain_document

from .coder_cases import PUBLISHED, code_articles

runner = CliRunner()
ARTICLE = ("La Lituanie a convoqué mardi l'ambassadeur biélorusse. Les relations restent tendues. "
           "Il est nécessaire de négocier avec Minsk, estiment les diplomates. "
           "L'Ukraine accuse la Russie de détruire les infrastructures civiles.")


@pytest.fixture(scope="module")
def doc():
    return code_articles({"article": ARTICLE})["article"]


def test_every_trigger_has_an_outcome(doc):
    sentences = explain_document(doc)
    entries = [entry for s in sentences for entry in s.triggers]
    assert entries and all(e["outcome"] in ("event", "no event") for e in entries)
    assert all(e["why"] for e in entries if e["outcome"] == "no event")
    assert all(doc.body[s.start:s.end].strip() == s.text for s in sentences)
    coded = {(e["type"], tuple(e["actors"]), tuple(e["recipients"])) for e in doc.events}
    traced = {(e["type"], tuple(e["actors"]), tuple(e["recipients"])) for e in entries if e["outcome"] == "event"}
    assert coded <= traced


def test_why_no_event(doc):
    by_word = {e["word"]: e for s in explain_document(doc) for e in s.triggers}
    assert by_word["négocier"]["outcome"] == "no event"
    assert by_word["détruire"]["outcome"] == "no event" and "alleged" in by_word["détruire"]["why"]
    assert by_word["accuse"]["outcome"] == "event" and by_word["accuse"]["recipients"] == ["RUS"]
    assert describe(by_word["accuse"]).startswith("accuse (accuser) ACCUSE: UKR -> RUS")


def test_cli_prints_sentences_with_their_triggers():
    result = runner.invoke(app, ["explain", "--text", ARTICLE, "--published", PUBLISHED])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "La Lituanie a convoqué mardi l'ambassadeur biélorusse." in lines
    assert any(line.startswith("  convoqué (convoquer) ") and "LTU -> BLR" in line for line in lines)
    assert any(line.startswith("  détruire (détruire) ASSAULT: no event, ") for line in lines)
    assert "Les relations restent tendues." not in lines  # no trigger: shown only with --all


def test_cli_json_and_all():
    result = runner.invoke(app, ["explain", "--text", ARTICLE, "--published", PUBLISHED, "--json", "--all"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["sentence"] for r in rows][:2] == ["La Lituanie a convoqué mardi l'ambassadeur biélorusse.",
                                                 "Les relations restent tendues."]
    assert rows[1]["triggers"] == [] and all(r["doc"] == "text" for r in rows)
    first = rows[0]["triggers"][0]
    assert (first["word"], first["outcome"], first["actors"], first["date"]) == ("convoqué", "event", ["LTU"], PUBLISHED)


def test_cli_needs_an_input():
    result = runner.invoke(app, ["explain"])
    assert result.exit_code == 2 and "--text" in result.output
