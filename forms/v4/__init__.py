"""The v4 commands (OAuth 1.0a RSA-SHA256), one declarative form each in forms/v4/commands/, in a namespace of
their own so that v4 `sale` and `status` never collide with v2's (registry, pages under /v4/, routes)."""

import importlib
import pkgutil

from paynet.v4 import V4Command

from . import commands
from ._base import V4Form, V4Prepared


class RegistryError(RuntimeError):
    pass


def load_v4_registry() -> dict[str, type[V4Form]]:
    """Every V4Form of forms/v4/commands/, by its path under /api/v4/, in the index's order."""
    registry: dict[str, type[V4Form]] = {}
    for info in pkgutil.iter_modules(commands.__path__):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        forms = [obj for obj in vars(module).values() if isinstance(obj, type) and issubclass(obj, V4Form)
                 and obj.__module__ == module.__name__ and "command" in vars(obj)]
        if len(forms) != 1:
            raise RegistryError(f"forms/v4/commands/{info.name}.py must declare exactly one v4 command form")
        form = forms[0]
        if not isinstance(form.command, V4Command) or form.command.name in registry:
            raise RegistryError(f"{info.name}: a V4Command declared once")
        form.command.bind(form.parameters(), form.check)
        registry[form.command.name] = form
    return dict(sorted(registry.items(), key=lambda kv: (kv[1].command.rank, kv[0])))


__all__ = ["V4Form", "V4Prepared", "load_v4_registry"]
