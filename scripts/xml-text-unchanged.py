#!/usr/bin/env python3
"""Check that reformatting the module's XML changed only layout (run by `scripts/collab-env format`).

Compares every cross_dept_collab/**/*.xml of the working tree with HEAD: the same elements,
attributes and text. Whitespace-only text between elements may change (indentation); text in mixed
content (a paragraph with inline tags, a QWeb note, a mail template) must stay byte-identical, because
it is what people read and the translation terms the .po files are keyed on.
"""

import glob
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def _significant(text):
    return text if text and text.strip() else None


def _mixed(element):
    return bool((element.text or "").strip()) or any((child.tail or "").strip() for child in element)


def _walk(element, parent_mixed=False):
    mixed = _mixed(element)
    yield (
        element.tag,
        tuple(sorted(element.attrib.items())),
        element.text if mixed else _significant(element.text),
        element.tail if parent_mixed else _significant(element.tail),
    )
    for child in element:
        yield from _walk(child, mixed)


def main():
    repo = Path(__file__).resolve().parent.parent
    changed = 0
    for path in sorted(glob.glob("cross_dept_collab/**/*.xml", recursive=True, root_dir=repo)):
        before = subprocess.run(["git", "show", f"HEAD:{path}"], cwd=repo, capture_output=True, check=False)
        if before.returncode:
            continue  # a new file: nothing to compare with
        old = list(_walk(ET.fromstring(before.stdout)))
        new = list(_walk(ET.parse(repo / path).getroot()))
        if old != new:
            changed += 1
            first = next((pair for pair in zip(old, new, strict=False) if pair[0] != pair[1]), (old[-1:], new[-1:]))
            print(f"{path}: content changed, not only layout\n  before: {first[0]!r:.300}\n  after:  {first[1]!r:.300}")
    if changed:
        print(f"{changed} XML file(s) changed beyond layout")
        return 1
    print("XML: layout only, text and attributes unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
