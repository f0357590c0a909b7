"""``suara users ...``: the dashboard's users, and the demo's one user per role.

Passwords are generated (or read from a hidden prompt), printed once, and stored only as
Argon2id hashes.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from suara.accounts import Role
from suara.app import Suara
from suara.domain.errors import UnknownUser
from suara.i18n import Translator
from suara.terminal import out, reports_errors, start

users_app = typer.Typer(no_args_is_help=True, help="Dashboard users and their roles.")
DEMO_PREFIX = "demo-"


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")


@users_app.command("add")
@reports_errors
def users_add(
    username: Annotated[str, typer.Argument(help="Sign-in name (lower-case).")],
    role: Annotated[Role, typer.Option(help="What the user may see.")] = Role.VIEWER,
    prompt: Annotated[
        bool, typer.Option("--prompt", help="Type the password instead of generating one.")
    ] = False,
) -> None:
    """Add a user; a generated password is printed once."""
    suara, _ = start()
    chosen = typer.prompt("Password", hide_input=True, confirmation_prompt=True) if prompt else None
    password = suara.accounts.add_user(username, role.value, password=chosen)
    out.print(_("users.added", username=username.strip().lower(), role=role.value))
    if chosen is None:
        out.print(_("users.password", password=password), markup=False)


@users_app.command("list")
@reports_errors
def users_list() -> None:
    """Every user: name, role, created, disabled."""
    suara, _ = start()
    users = suara.accounts.users()
    if not users:
        out.print(_("users.none"))
        return
    table = Table(_("users.username"), _("users.role"), _("users.created"), _("users.status"))
    for user in users:
        status = _("users.disabled_status") if user.disabled_at else _("users.active_status")
        table.add_row(user.username, user.role.value, f"{user.created_at:%Y-%m-%d}", status)
    out.print(table)


@users_app.command("disable")
@reports_errors
def users_disable(username: Annotated[str, typer.Argument(help="Sign-in name.")]) -> None:
    """Disable a user; their sessions end at once."""
    suara, _ = start()
    suara.accounts.disable(username)
    out.print(_("users.disabled", username=username))


@users_app.command("reset-password")
@reports_errors
def users_reset_password(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    prompt: Annotated[
        bool, typer.Option("--prompt", help="Type the password instead of generating one.")
    ] = False,
) -> None:
    """Give a user a new password (printed once); their sessions end."""
    suara, _ = start()
    chosen = typer.prompt("Password", hide_input=True, confirmation_prompt=True) if prompt else None
    password = suara.accounts.reset_password(username, password=chosen)
    out.print(_("users.reset", username=username))
    if chosen is None:
        out.print(_("users.password", password=password), markup=False)


def demo_users(suara: Suara) -> list[tuple[str, Role, str]]:
    """One user per role (``demo-admin``, ``demo-cx_lead``...) with fresh generated passwords:
    created, or given a new password when the demo is shown again."""
    created = []
    for role in Role:
        name = f"{DEMO_PREFIX}{role.value}".replace("_", "-")
        try:
            suara.accounts.user(name)
        except UnknownUser:
            password = suara.accounts.add_user(name, role.value)
        else:
            password = suara.accounts.reset_password(name)
        created.append((name, role, password))
    return created


def print_demo_users(suara: Suara, _: Translator) -> None:
    base = f"http://{suara.settings.host}:{suara.settings.port}"
    out.print(_("users.demo", url=f"{base}/login"), markup=False)
    for name, role, password in demo_users(suara):
        out.print(f"  {role.value:<10} {name:<16} {password}", markup=False)
