"""`make lock`'s last step: each package of a pip-compile output on one line, its hashes on the same line
(`name==version --hash=sha256:... --hash=sha256:...`), so every requirement line reads as pinned on its own.
pip reads both forms alike; the `# via` comments stay as they are."""

import sys
from pathlib import Path


def one_line(text: str) -> str:
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("--hash=") and out and out[-1].endswith(" \\"):
            out[-1] = out[-1][:-2] + " " + stripped
        else:
            out.append(line)
    return "\n".join(line[:-2] if line.endswith(" \\") else line for line in out) + "\n"


if __name__ == "__main__":
    for name in sys.argv[1:]:
        path = Path(name)
        path.write_text(one_line(path.read_text()))
