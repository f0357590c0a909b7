"""``suara surveys ...`` and ``suara keys ...``: survey definitions, links and API keys."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from suara.app import Suara
from suara.domain.errors import ConfigurationError, SurveyDefinitionError, UnknownSurvey
from suara.i18n import Translator
from suara.settings import load_settings
from suara.surveys import (
    SurveyDefinition,
    builtin_surveys,
    definition_text,
    read_definition_file,
    write_definition_file,
)
from suara.surveys.outreach import OutreachReport
from suara.terminal import out, reports_errors, start

surveys_app = typer.Typer(no_args_is_help=True, help="Survey definitions, links and invitations.")
keys_app = typer.Typer(no_args_is_help=True, help="API keys for server-to-server submissions.")


def register(app: typer.Typer) -> None:
    app.add_typer(surveys_app, name="surveys")
    app.add_typer(keys_app, name="keys")


@surveys_app.command("list")
@reports_errors
def surveys_list() -> None:
    """Every survey: key, status, current version, responses and title."""
    suara, _ = start()
    listing = suara.surveys.list_surveys()
    if not listing:
        out.print(_("surveys.none"))
        return
    table = Table(
        _("surveys.key"), _("surveys.status"), _("surveys.version"), _("surveys.responses"),
        _("surveys.title"),
    )  # fmt: skip
    for s in listing:
        title = s.title_en if _.language == "en" else s.title_id
        table.add_row(s.key, s.status.value, str(s.current_version), _.number(s.responses), title)
    out.print(table)


@surveys_app.command("show")
@reports_errors
def surveys_show(
    key: Annotated[str, typer.Argument(help="Survey key.")],
    version: Annotated[int | None, typer.Option(help="A version (default: current).")] = None,
    json_: Annotated[bool, typer.Option("--json", help="JSON instead of YAML.")] = False,
) -> None:
    """Print a survey's definition (YAML or JSON)."""
    suara, _ = start()
    stored = suara.surveys.get(key, version=version)
    text = definition_text(stored.definition, kind="json" if json_ else "yaml")
    out.print(text, markup=False, end="")


@surveys_app.command("validate")
@reports_errors
def surveys_validate(
    files: Annotated[list[Path], typer.Argument(help="YAML or JSON definition files.")],
) -> None:
    """Check definition files without storing them."""
    _ = Translator(load_settings().language)
    for file in files:
        definition = read_definition_file(file)
        out.print(
            _("surveys.valid", file=file, key=definition.key, count=len(definition.questions))
        )


def _save(suara: Suara, _: Translator, definition: SurveyDefinition) -> None:
    result = suara.surveys.save(definition)
    if result.created:
        out.print(_("surveys.created", key=result.key, version=result.version))
    elif result.changed:
        out.print(_("surveys.new_version", key=result.key, version=result.version))
    else:
        out.print(_("surveys.unchanged", key=result.key, version=result.version))


@surveys_app.command("create")
@reports_errors
def surveys_create(
    file: Annotated[Path, typer.Argument(help="YAML or JSON definition file.")],
) -> None:
    """Store a new survey from a definition file (refuses a key that exists)."""
    suara, _ = start()
    definition = read_definition_file(file)
    if any(s.key == definition.key for s in suara.surveys.list_surveys()):
        raise SurveyDefinitionError(_("surveys.exists", key=definition.key, file=file))
    _save(suara, _, definition)


@surveys_app.command("import")
@reports_errors
def surveys_import(
    files: Annotated[list[Path] | None, typer.Argument(help="YAML or JSON files.")] = None,
    builtin: Annotated[bool, typer.Option(help="Also the built-in question-bank surveys.")] = False,
) -> None:
    """Create surveys, or save a new version of those whose definition changed."""
    suara, _ = start()
    definitions = [read_definition_file(f) for f in files or []]
    if builtin:
        present = {s.key for s in suara.surveys.list_surveys()}
        definitions += [d for k, d in builtin_surveys().items() if k not in present]
    for definition in definitions:
        _save(suara, _, definition)


@surveys_app.command("export")
@reports_errors
def surveys_export(
    key: Annotated[str, typer.Argument(help="Survey key.")],
    output: Annotated[Path, typer.Option("--output", "-o", help=".yaml or .json file.")],
    version: Annotated[int | None, typer.Option(help="A version (default: current).")] = None,
) -> None:
    """Write a survey's definition to a file that `suara surveys import` reads back."""
    suara, _ = start()
    stored = suara.surveys.get(key, version=version)
    write_definition_file(stored.definition, output)
    out.print(_("surveys.exported", key=key, version=stored.version, path=output))


@surveys_app.command("link")
@reports_errors
def surveys_link(
    key: Annotated[str, typer.Argument(help="Survey key.")],
    customer: Annotated[int | None, typer.Option(help="Customer id: a personal link.")] = None,
    order: Annotated[int | None, typer.Option(help="Order id the survey is about.")] = None,
    ticket: Annotated[int | None, typer.Option(help="Ticket id the survey is about.")] = None,
    embed: Annotated[bool, typer.Option(help="Print an HTML snippet to embed.")] = False,
) -> None:
    """Print a personal (signed, expiring, single-use) or the public link, or an embed snippet."""
    suara, _ = start()
    suara.surveys.get(key)
    if embed:
        out.print(suara.surveys.embed_snippet(key), markup=False)
    elif customer is None and order is None and ticket is None:
        out.print(_("surveys.public_link", url=suara.surveys.public_url(key)), markup=False)
    else:
        invitation = suara.surveys.invite(
            key, customer_id=customer, order_id=order, ticket_id=ticket
        )
        expires = invitation.expires_at.astimezone(suara.settings.tz).strftime("%Y-%m-%d %H:%M")
        url = suara.surveys.personal_url(invitation)
        out.print(_("surveys.link", expires=expires, url=url), markup=False)


def _customer_ids(values: list[str]) -> list[int]:
    ids = []
    for value in values:
        for part in value.split(","):
            if not part.strip().isdigit():
                msg = f"--customers: {part.strip()!r} is not a customer id (use ids like 12,40)"
                raise ConfigurationError(msg)
            ids.append(int(part))
    return ids


def _print_report(
    suara: Suara, _: Translator, report: OutreachReport, *, done: str, dry: str, each: bool
) -> None:
    """The summary: how many were sent, how many skipped by reason, and (for a chosen list of
    customers) each skipped id with why. Ids only: no names or addresses on the terminal."""
    days = suara.settings.survey_contact_days
    counts = {"sent": _.number(len(report.sent)), "skipped": _.number(len(report.skipped))}
    out.print(_(dry if report.dry_run else done, **counts))
    if each:
        for skip in report.skipped:
            reason = _(f"invite.{skip.reason}", days=days, detail=skip.detail)
            out.print(_("surveys.skipped", customer=skip.customer_id, reason=reason), markup=False)
        return
    for code, count in sorted(report.reasons().items()):
        reason = _(f"invite.{code}", days=days, detail="")
        out.print(_("surveys.skipped_count", reason=reason, count=_.number(count)), markup=False)


@surveys_app.command("invite")
@reports_errors
def surveys_invite(
    key: Annotated[str, typer.Argument(help="Survey key.")],
    customers: Annotated[
        list[str] | None, typer.Option(help="Customer ids, comma-separated or repeated.")
    ] = None,
    all_eligible: Annotated[
        bool, typer.Option("--all-eligible", help="Every customer the contact rules allow.")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report only; send nothing.")] = False,
) -> None:
    """Email personal survey links (consent, opt-out and the contact-days rule respected).

    Re-running is safe: nobody is invited twice within SUARA_SURVEY_CONTACT_DAYS, and
    invitations a failed run left unsent are sent.
    """
    suara, _ = start()
    if (customers is None) == (not all_eligible):
        raise ConfigurationError(_("surveys.invite_target"))
    ids = _customer_ids(customers) if customers is not None else None
    report = suara.surveys.send_invitations(key, customer_ids=ids, dry_run=dry_run)
    _print_report(
        suara, _, report, done="surveys.invited", dry="surveys.would_invite", each=ids is not None
    )


@surveys_app.command("remind")
@reports_errors
def surveys_remind(
    key: Annotated[str, typer.Argument(help="Survey key.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report only; send nothing.")] = False,
) -> None:
    """Send the one reminder to invitees who have not answered after SUARA_SURVEY_REMINDER_DAYS."""
    suara, _ = start()
    report = suara.surveys.send_reminders(key, dry_run=dry_run)
    _print_report(suara, _, report, done="surveys.reminded", dry="surveys.would_remind", each=False)


@keys_app.command("create")
@reports_errors
def keys_create(name: Annotated[str, typer.Argument(help="Who uses the key.")]) -> None:
    """Create an API key; its secret is printed once."""
    suara, _ = start()
    key, secret = suara.surveys.create_api_key(name)
    out.print(_("keys.created", name=key.name))
    out.print(secret, markup=False)


@keys_app.command("list")
@reports_errors
def keys_list() -> None:
    """API keys: id, name, created, revoked."""
    suara, _ = start()
    keys = suara.surveys.api_keys()
    if not keys:
        out.print(_("keys.none"))
    for key in keys:
        revoked = f" revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else ""
        out.print(f"{key.key_id}  {key.name}  {key.created_at:%Y-%m-%d}{revoked}", markup=False)


@keys_app.command("revoke")
@reports_errors
def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key id (`keys list`).")]) -> None:
    """Revoke an API key at once."""
    suara, _ = start()
    if not suara.surveys.revoke_api_key(key_id):
        raise UnknownSurvey(_("keys.unknown", key_id=key_id))
    out.print(_("keys.revoked", key_id=key_id))
