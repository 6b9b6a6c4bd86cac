"""A Typer root group that builds a subcommand only when it is used (start-up time).

Typer turns every registered command into Click objects on each run, reading every
signature (``typing.get_type_hints`` on each option): about 30 ms for all commands,
while a run needs one. Here the root group's ``commands`` mapping builds an entry the
first time it is read, with Typer's own code (``get_group_from_info``), so the objects
are the ones eager registration would make; ``--help`` lists the commands from their
registration info alone. Reading ``group.commands[name]`` or ``.items()`` (as tests
that walk the command tree do) still gives real commands.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any, ClassVar

import typer
from typer.core import TyperCommand, TyperGroup

Registrar = Callable[[typer.Typer], None]


def _holder(registrar: Registrar) -> typer.Typer:
    """A throwaway app with only what ``registrar`` registers (its module imported now)."""
    app = typer.Typer()
    registrar(app)
    return app


class LazyCommands(MutableMapping[str, Any]):
    """Name -> Click command, building registered-but-unbuilt entries on first read."""

    def __init__(self, group: LazyTyperGroup, built: Mapping[str, Any],
                 pending: Mapping[str, Registrar]) -> None:
        self._group = group
        self._items: dict[str, Any] = dict(built)
        self._pending: dict[str, Registrar] = {}
        for name, registrar in pending.items():
            if name not in self._items:
                self._items[name] = None
                self._pending[name] = registrar

    def __getitem__(self, name: str) -> Any:
        if name in self._pending:
            self._items[name] = self._group.build(name, self._pending.pop(name))
        return self._items[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._pending.pop(name, None)
        self._items[name] = command

    def __delitem__(self, name: str) -> None:
        self._pending.pop(name, None)
        del self._items[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def pending(self, name: str) -> Registrar | None:
        """The registrar of ``name`` if it is not built yet (reading it does not build)."""
        return self._pending.get(name)


class LazyTyperGroup(TyperGroup):
    """Subclass it and set ``lazy_commands`` (name -> function registering it on an app),
    in the order ``--help`` lists them."""

    lazy_commands: ClassVar[Mapping[str, Registrar]] = {}
    pretty_exceptions_short: ClassVar[bool] = True   # typer.Typer's default

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = LazyCommands(self, self.commands, self.lazy_commands)

    def build(self, name: str, registrar: Registrar) -> Any:
        """The Click command for ``name``, made by Typer exactly as under the root."""
        group = typer.main.get_group_from_info(
            typer.models.TyperInfo(_holder(registrar)),
            pretty_exceptions_short=self.pretty_exceptions_short,
            suggest_commands=self.suggest_commands,
            rich_markup_mode=self.rich_markup_mode,
        )
        return group.commands[name]

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands.keys())

    def _listing(self, name: str) -> Any:
        """What ``--help`` needs of a command (help, short help, hidden), without building it."""
        registrar = (self.commands.pending(name)
                     if isinstance(self.commands, LazyCommands) else None)
        if registrar is None:
            return self.commands.get(name)
        holder = _holder(registrar)
        if holder.registered_groups:
            info = typer.main.solve_typer_info_defaults(holder.registered_groups[0])
            help_text, short, hidden, deprecated = (
                info.help, info.short_help, info.hidden, info.deprecated)
        else:
            entry = holder.registered_commands[0]
            help_text = (inspect.getdoc(entry.callback) if entry.help is None
                         else inspect.cleandoc(entry.help))
            short, hidden, deprecated = entry.short_help, entry.hidden, entry.deprecated
        return TyperCommand(name=name, help=help_text, short_help=short, hidden=hidden,
                            deprecated=deprecated)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """TyperGroup.format_commands, reading unbuilt commands' registration info."""
        rows = []
        for name in self.list_commands(ctx):
            command = self._listing(name)
            if command is not None and not command.hidden:
                rows.append((name, command))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section("Commands"):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in rows])
