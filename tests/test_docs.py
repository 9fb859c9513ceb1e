"""Docs that can be checked are checked: the CLI, the importers and the exporters."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from voortgang.cli import main
from voortgang.ingest import IMPORTERS

ROOT = Path(__file__).resolve().parents[1]


def _commands(group: click.Group, prefix: str = "voortgang") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix} {name}"
        if isinstance(command, click.Group):
            names.extend(_commands(command, full))
        else:
            names.append(full)
    return names


@pytest.mark.parametrize("command", _commands(main))
def test_every_cli_command_is_in_the_readme_and_has_help(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{command}" in readme, f"README.md does not document `{command}`"
    group: click.Command = main
    for part in command.split()[1:]:
        assert isinstance(group, click.Group)
        group = group.commands[part]
    assert group.help and len(group.help) > 20


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda m: m.FORMAT)
def test_every_importer_is_documented(importer: object) -> None:
    text = (ROOT / "docs" / "importers.md").read_text(encoding="utf-8")
    assert f"## `{importer.FORMAT}`" in text  # type: ignore[attr-defined]


def test_every_record_field_is_documented() -> None:
    from voortgang.tracker.selectors import RECORD_FIELDS

    text = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")
    for field in RECORD_FIELDS:
        assert f"`{field}`" in text, field
