"""The packages' import rules, read from the source: the forbidden edge is named when one appears.

- only web/ and app.py import Flask (flask, flask_babel, flask_wtf, werkzeug);
- nothing imports web/ but the entry points: app.py, and serve.py (which masks the server's own
  log records before it loads the app);
- forms/ imports only paynet/, WTForms and the standard library;
- paynet/ imports none of the other packages;
- web/relay_client/ (relay.py, which merchants download and run) imports only the standard library;
- no package holds more than 20 modules directly.
"""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("paynet", "debugger", "sandbox", "store", "outbound", "exports", "forms", "web")
FLASK = {"flask", "flask_babel", "flask_wtf", "werkzeug"}
ENTRY_POINTS = {"app.py", "serve.py"}
# Allowed with a reason: the catalogue's extractor for forms runs under pybabel at build time, never in the app.
EXCEPTIONS = {("forms/_extract.py", "babel")}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The modules a file imports, relative imports made absolute, at any depth (inside functions too)."""
    found, name = set(), _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[:len(package.split(".")) - node.level + 1], base]).strip(".")
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}  # `from pkg import module`
    return found


def sources() -> list[Path]:
    files = [ROOT / p for p in ("app.py", "config.py", "serve.py")]
    return files + sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def edges() -> list[tuple[str, str]]:
    """(file, top-level module it imports), for every file of the app."""
    return sorted({(str(p.relative_to(ROOT)), m.split(".")[0]) for p in sources() for m in imports(p)})


def broken(edge: tuple[str, str]) -> str | None:
    """The rule an import breaks, in words, or None."""
    where, what = edge
    if edge in EXCEPTIONS:
        return None
    package = where.split("/")[0] if "/" in where else None
    if what in FLASK and package != "web" and where != "app.py":
        return f"{where} imports {what}: only web/ and app.py import Flask"
    if what == "web" and package != "web" and where not in ENTRY_POINTS:
        return f"{where} imports web: nothing imports web/ but app.py (and serve.py)"
    if package == "forms" and what not in {"forms", "paynet", "wtforms"} and what not in sys.stdlib_module_names:
        return f"{where} imports {what}: forms/ imports only paynet/, WTForms and the standard library"
    if package == "paynet" and what in PACKAGES and what != "paynet":
        return f"{where} imports {what}: paynet/ imports none of the other packages"
    if where.startswith("web/relay_client/") and what not in sys.stdlib_module_names:
        return f"{where} imports {what}: relay.py runs on a merchant's machine with the standard library only"
    return None


def test_no_import_breaks_a_rule():
    assert [problem for problem in map(broken, edges()) if problem] == []


@pytest.mark.parametrize("package", PACKAGES)
def test_no_package_holds_more_than_20_modules(package):
    assert len(list((ROOT / package).glob("*.py"))) <= 20


def test_the_walk_sees_the_imports_it_judges():
    """The check has teeth: known edges are found, relative and nested ones too, and a bad edge is named."""
    found = edges()
    assert ("web/api.py", "flask") in found and ("app.py", "web") in found
    assert ("sandbox/gateway.py", "paynet") in found and ("forms/__init__.py", "importlib") in found
    assert broken(("paynet/wire.py", "sandbox")) == ("paynet/wire.py imports sandbox: paynet/ imports none of the "
                                                     "other packages")
    assert broken(("forms/_base.py", "werkzeug")) == ("forms/_base.py imports werkzeug: only web/ and app.py "
                                                      "import Flask")
    assert broken(("forms/sale.py", "requests")) == ("forms/sale.py imports requests: forms/ imports only paynet/, "
                                                     "WTForms and the standard library")
    assert broken(("sandbox/pages.py", "web")) == ("sandbox/pages.py imports web: nothing imports web/ but app.py "
                                                   "(and serve.py)")
    assert broken(("web/relay_client/relay.py", "requests")) == ("web/relay_client/relay.py imports requests: relay.py "
                                                                 "runs on a merchant's machine with the standard "
                                                                 "library only")
    assert ("web/relay_client/relay.py", "http") in found
    assert broken(("web/api.py", "flask")) is None and broken(("serve.py", "web")) is None


def test_no_test_module_imports_another():
    """Shared test code lives in tests/helpers.py, tests/samples.py, the steps and the conftest fixtures."""
    tests = ROOT / "tests"
    found = sorted(f"{p.relative_to(ROOT)} imports {m}" for p in tests.rglob("test_*.py") for m in imports(p)
                   if m.rpartition(".")[2].startswith("test_"))
    assert found == []
