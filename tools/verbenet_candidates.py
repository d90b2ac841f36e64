"""List Verb∋Net class members as candidate event triggers, with the prepositions of their frames,
and mark those the lexicon already holds. A reviewer's aid: every row of the lexicon is still checked by hand.

    python tools/verbenet_candidates.py ../shared/resources/verbenet meet-36.3 judgment-33
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

EVENTS = Path(__file__).resolve().parent.parent / "src" / "veille" / "data" / "events"
REFLEXIVE = {"se", "s'"}


def known_lemmas() -> set[str]:
    """First lemmas of the rows of both trigger files."""
    found = set()
    for path in (EVENTS / "triggers.tsv", EVENTS / "verbenet" / "triggers.tsv"):
        if path.exists():
            text = path.read_text(encoding="utf-8")
            lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
            found |= {row["lemma"].split()[0] for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)}
    return found


def members(names: list[str]) -> list[str]:
    """Verb∋Net writes pronominal members as "retirer se"; some entries hold several verbs in one name."""
    verbs = []
    for name in names:
        words = name.replace(",", " ").split()
        verbs += [w for w in words if w not in REFLEXIVE]
    return verbs


def walk(node: ET.Element):
    """(class id, members, frame syntaxes) of a class and each of its subclasses."""
    names = [m.get("name", "") for m in node.findall("./MEMBERS/MEMBER")]
    frames = [f.get("syntax", "") for f in node.findall("./FRAMES/FRAME/DESCRIPTION")]
    yield node.get("ID"), members(names), frames
    for sub in node.findall("./SUBCLASSES/VNSUBCLASS"):
        yield from walk(sub)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the Verb∋Net export: one XML file per class")
    parser.add_argument("classes", nargs="+", help="class ids, e.g. meet-36.3")
    args = parser.parse_args()
    known = known_lemmas()
    for class_id in args.classes:
        path = args.folder / f"{class_id}.xml"
        if not path.exists():
            print(f"{path}: no such Verb∋Net class", file=sys.stderr)
            continue
        for sub_id, verbs, frames in walk(ET.parse(path).getroot()):
            preps = sorted({p for f in frames for p in re.findall(r"\{([^}]+)\}", f)})
            print(f"# {sub_id}  prepositions: {', '.join(preps) or '-'}")
            for verb in verbs:
                print(f"{'  ' if verb in known else '+ '}{verb}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
