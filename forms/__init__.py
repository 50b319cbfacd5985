"""The command forms: each API command is one small declarative WTForms class in forms/commands/ holding its
`Command` (paynet/command.py); the registry here finds them, checks them and binds each command's parameters
and validation, so the pages, the JSON API, the sandbox, the debugger and the exports all read one declaration.
Imports only paynet/ and WTForms."""

import importlib
import pkgutil

from paynet.command import TransactionKind
from paynet.i18n import N_
from paynet.signing import Source

from . import commands
from ._base import CommandForm

GROUPS = (N_("Payments"), N_("Payment forms"), N_("Recurring"), N_("Status and verification"))


class RegistryError(RuntimeError):
    pass


def load_registry() -> dict[str, type[CommandForm]]:
    """Import every module of forms/commands/ and collect its CommandForm; fail loudly on mistakes."""
    registry: dict[str, type[CommandForm]] = {}
    for info in pkgutil.iter_modules(commands.__path__):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        forms = [obj for obj in vars(module).values()
                 if isinstance(obj, type) and issubclass(obj, CommandForm)
                 and obj.__module__ == module.__name__ and "command" in vars(obj)]
        if len(forms) != 1:
            raise RegistryError(f"forms/commands/{info.name}.py must declare exactly one command form")
        form = forms[0]
        _check(form, registry)
        form.command.bind(form.parameters(), form.check)
        registry[form.command.name] = form
    order = {name: (GROUPS.index(cls.command.group), cls.command.rank, name) for name, cls in registry.items()}
    for name, cls in registry.items():
        for earlier in cls.command.follows:
            if earlier not in registry:
                raise RegistryError(f"{name}: follows unknown command {earlier!r}")
    return dict(sorted(registry.items(), key=lambda kv: order[kv[0]]))


def _check(form, registry):
    cmd = form.command
    if cmd.name in registry:
        raise RegistryError(f"command {cmd.name!r} is declared twice")
    if not cmd.recipe:
        raise RegistryError(f"command {cmd.name!r} has no signature recipe")
    if not cmd.transaction:
        raise RegistryError(f"command {cmd.name!r} does not say what it does to an order (transaction=)")
    if cmd.transaction not in set(TransactionKind):  # the sandbox plays these kinds only
        raise RegistryError(f"command {cmd.name!r} has unknown transaction {cmd.transaction!r}")
    if cmd.group not in GROUPS:
        raise RegistryError(f"command {cmd.name!r} has unknown group {cmd.group!r}")
    declared = {f.name for f in form.from_values({}).params()}
    for part in cmd.parts:
        if part.source == Source.FIELD and part.name not in declared:
            raise RegistryError(f"{cmd.name}: recipe part {part.name!r} is not a declared field")
