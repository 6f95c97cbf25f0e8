"""Command-line options shared by the `formtally` commands."""

from __future__ import annotations

import typer


def check_profile(profile: str) -> str:
    """The rule profile, or exit 2 with one line naming the ones there are."""
    from verification import PROFILES

    if profile not in PROFILES:
        typer.echo(f"error: unknown profile {profile!r}; choose from {', '.join(PROFILES)}", err=True)
        raise typer.Exit(2)
    return profile
