"""Babel extractor for forms/: the Python extractor's messages plus each command's intro (its class docstring,
as the builder page shows it), so `pybabel extract` keeps the intros' translations (babel.cfg's [extractors])."""

import ast
import io

from babel.messages.extract import extract_python

from paynet.docs_links import plain_intro


def intros(source: str) -> list[tuple[int, str]]:
    """(line, intro) for each class that declares a command (a `command = ...` line in its body)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef) and ast.get_docstring(node) and any(
                isinstance(s, ast.Assign) and any(getattr(t, "id", "") == "command" for t in s.targets)
                for s in node.body):
            found.append((node.lineno, plain_intro(ast.get_docstring(node, clean=False))))
    return found


def extract_forms(fileobj, keywords, comment_tags, options):
    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    for line, intro in intros(source.decode(options.get("encoding", "utf-8"))):
        yield line, None, intro, []
