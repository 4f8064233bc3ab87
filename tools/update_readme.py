#!/usr/bin/env python3
"""Writes the catalogue tables of README.md (between its catalogue:begin and catalogue:end
markers) from `lrsched list --markdown`. The test 'the README's catalogue tables are the
catalogue's' fails until this has been run after a change to a description.

usage: tools/update_readme.py PATH/TO/lrsched [README.md]
"""
import pathlib
import re
import subprocess
import sys


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    readme = pathlib.Path(sys.argv[2] if len(sys.argv) == 3 else
                          pathlib.Path(__file__).resolve().parent.parent / "README.md")
    tables = subprocess.run([sys.argv[1], "list", "--markdown"], check=True,
                            capture_output=True, text=True).stdout
    text = readme.read_text()
    pattern = re.compile(r"(<!-- catalogue:begin[^\n]*-->\n).*?(<!-- catalogue:end -->)", re.S)
    if not pattern.search(text):
        sys.exit(f"{readme}: no catalogue:begin / catalogue:end markers")
    readme.write_text(pattern.sub(lambda m: m.group(1) + tables + m.group(2), text, count=1))


if __name__ == "__main__":
    main()
