"""Runs each snippet file in this one process, stderr into stdout, a '### n' line before each."""

import contextlib
import runpy
import sys

for i, path in enumerate(sys.argv[1:]):
    print(f"### {i}", flush=True)
    with contextlib.redirect_stderr(sys.stdout):
        runpy.run_path(path, run_name="__main__")
