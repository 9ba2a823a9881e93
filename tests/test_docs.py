"""The README stays true: its two commands are what CI runs, and every CLI command is documented."""

from __future__ import annotations

import re

import click

from generator.cli import main
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def first_code_block() -> list[str]:
    match = re.search(r"```(?:sh|bash|console)?\n(.*?)```", README, re.DOTALL)
    assert match, "the README starts with a code block of two commands"
    return [line for line in match.group(1).splitlines() if line.strip()]


def test_readme_starts_with_the_two_commands_ci_runs() -> None:
    commands = first_code_block()
    assert commands == ["bash scripts/setup.sh", ".venv/bin/python -m pytest"]
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert all(command in ci.splitlines() for command in commands)
    before = README[: README.index("```")]
    assert "```" not in before and before.count("\n") <= 6, "the commands come first"


def test_every_command_and_option_is_documented_with_an_example() -> None:
    assert isinstance(main, click.Group)
    for name, command in main.commands.items():
        assert f"paper-archive {name}" in README, name
        assert f"Example: paper-archive {name}" in (command.help or ""), name
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt not in ("--help",):
                    assert opt in README, f"{name} {opt}"
