"""The install is locked: every package in requirements*.txt at one exact version with its hashes, and every
direct dependency of requirements*.in in its lock."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(path: Path) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes), from a pip-compile output joined by scripts/lock_lines.py: each
    package on one line with its hashes; every other line a comment."""
    found = {}
    for line in path.read_text().splitlines():
        if m := re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line):
            found[canonical(m[1])] = (m[2], len(re.findall(r" --hash=sha256:[0-9a-f]{64}\b", line)))
        elif line.strip() and not line.strip().startswith("#"):
            raise AssertionError(f"{path.name}: an unlocked line: {line!r}")
    return found


def direct(path: Path) -> set[str]:
    names = set()
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(canonical(NAME.match(line)[1]))
    return names


@pytest.mark.parametrize("lock, source", [("requirements.txt", "requirements.in"),
                                          ("requirements-dev.txt", "requirements-dev.in")])
def test_every_package_is_pinned_with_hashes_and_every_direct_one_is_there(lock, source):
    packages = locked(ROOT / lock)
    assert [name for name, (_, hashes) in packages.items() if hashes == 0] == []
    assert direct(ROOT / source) - set(packages) == set()



def test_pip_itself_is_locked_for_the_install():
    assert "pip" in locked(ROOT / "requirements-dev.txt")  # --allow-unsafe: make installs this pip too


def test_the_app_and_the_tests_share_every_version():
    app, dev = locked(ROOT / "requirements.txt"), locked(ROOT / "requirements-dev.txt")
    assert {name: (app[name][0], dev[name][0]) for name in app if app[name][0] != dev.get(name, ("",))[0]} == {}


def test_the_reader_sees_an_unlocked_line(tmp_path):
    (tmp_path / "r.txt").write_text("flask==3.1.3 --hash=sha256:" + "a" * 64 + "\n    # via x\nrequests>=2\n")
    with pytest.raises(AssertionError, match="an unlocked line: 'requests>=2'"):
        locked(tmp_path / "r.txt")
    (tmp_path / "r.txt").write_text("flask==3.1.3 \\\n    --hash=sha256:" + "a" * 64 + "\n")  # not joined
    with pytest.raises(AssertionError, match="an unlocked line: '    --hash=sha256:a"):
        locked(tmp_path / "r.txt")


def test_lock_lines_joins_each_package_with_its_hashes():
    from scripts.lock_lines import one_line

    text = "# head\nflask==3.1.3 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\n    # via -r r.in\npip==25.3 \\\n" \
           "    --hash=sha256:cc\n"
    assert one_line(text) == ("# head\nflask==3.1.3 --hash=sha256:aa --hash=sha256:bb\n    # via -r r.in\n"
                              "pip==25.3 --hash=sha256:cc\n")
