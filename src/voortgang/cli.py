"""The ``voortgang`` command line: thin wrappers over services and selectors.

Every command first applies the database migrations it needs, so each one works on a fresh,
empty database. The database comes from ``DATABASE_URL`` (``sqlite:///path`` or
``postgres://…``); without it, ``voortgang.sqlite3`` in the current directory.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from voortgang.linking.services import LinkingSummary

F = TypeVar("F", bound=Callable[..., Any])

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"


def _setup() -> None:
    """Configure Django and bring the database schema up to date (quietly)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voortgang.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


def _write_output(content: bytes, out: str | None) -> None:
    if out is None or out == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    else:
        Path(out).write_bytes(content)
        click.echo(f"wrote {out} ({len(content):,} bytes)", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="voortgang")
def main() -> None:
    """Voortgang: the tracker for the Dutch government's emancipation policy.

    The database comes from DATABASE_URL (sqlite:///path or postgres://user@host/name);
    without it, voortgang.sqlite3 in the current directory.
    """


def _expand(paths: list[Path]) -> list[Path]:
    """Files as given; a directory stands for the files directly in it, by name."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file()))
        else:
            files.append(path)
    return files


def _ingest(paths: list[Path], *, quiet: bool = False) -> int:
    from voortgang.tracker.services import IngestFailed, documents_ingest

    paths = _expand(paths)
    try:
        outcomes = documents_ingest(paths=paths)
    except IngestFailed as failure:
        for error in failure.errors:
            click.echo(f"error: {error}", err=True)
        click.echo(
            f"nothing was ingested: {len(failure.errors)} of {len(paths)} document(s) "
            "could not be read (the database is unchanged)",
            err=True,
        )
        return 1
    for outcome in outcomes:
        line = f"{outcome.result:9} {outcome.name}: {outcome.records} records"
        if outcome.result == "added":
            line += f", format {outcome.document.format}, {len(outcome.warnings)} warnings"
        if not quiet:
            click.echo(line)
            for warning in outcome.warnings:
                click.echo(f"  warning: {outcome.name}: {warning}")
    return 0


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def ingest(paths: tuple[Path, ...], quiet: bool) -> None:
    """Ingest documents (files, or directories of files); the format is detected from the
    content.

    Prints per document whether it was added or unchanged, with its warnings. Every file is
    read before anything is written: if any cannot be read, nothing is ingested and the exit
    status is 1.
    """
    _setup()
    sys.exit(_ingest(list(paths), quiet=quiet))


@main.group()
def export() -> None:
    """Export records or links as open data."""


@export.command("records")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "xlsx"]),
    default="json",
    show_default=True,
    help="Output format (xlsx: one sheet per kind and a README sheet; needs --out or a pipe).",
)
@click.option(
    "--kind",
    type=click.Choice(["measure", "motion", "commitment", "recommendation", "result", "challenge"]),
    help="Only records of this kind.",
)
@click.option("--out", type=click.Path(), help="Output file (default: standard output).")
def export_records(fmt: str, kind: str | None, out: str | None) -> None:
    """Every record (measures, motions, commitments …) following the record contract."""
    if fmt == "xlsx" and out in (None, "-") and sys.stdout.isatty():
        raise click.UsageError(
            "XLSX is binary and would garble the terminal: write it to a file with "
            "--out FILE (or redirect standard output)"
        )
    _setup()
    from voortgang.reports import records

    _write_output(records.render(format=fmt, kind=kind).content, out)


@export.command("links")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option("--out", type=click.Path(), help="Output file (default: standard output).")
def export_links(fmt: str, out: str | None) -> None:
    """Every proposed and accepted link between records (same_measure, addresses), as a JSON
    array; ``confirmed`` tells whether a person (or the measured threshold) accepted it."""
    _setup()
    import json

    from voortgang.linking.selectors import link_list

    text = json.dumps(link_list(), ensure_ascii=False, indent=1)
    _write_output((text + "\n").encode("utf-8"), out)


@main.command()
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    help="Propose same-measure pairs from this score on (default: the measured one).",
)
@click.option(
    "--addresses-threshold",
    type=click.FloatRange(0, 1),
    help="Propose recommendation links from this score on (default: the measured one).",
)
@click.option(
    "--auto-accept",
    type=click.FloatRange(0, 1),
    help="Accept proposals of both kinds scoring at least this automatically "
    "(default: the measured score per kind, docs/linking.md).",
)
@click.option("--no-auto-accept", is_flag=True, help="Accept nothing automatically.")
def link(
    threshold: float | None,
    addresses_threshold: float | None,
    auto_accept: float | None,
    no_auto_accept: bool,
) -> None:
    """(Re-)compute link proposals: the same measure across documents, and the measures
    that answer each CEDAW recommendation. Decisions a person took are kept; prints the
    links per kind and status."""
    _setup()
    from voortgang.linking.services import links_compute

    automatic: dict[str, float | None] | None = None
    if no_auto_accept or auto_accept is not None:
        cut = None if no_auto_accept else auto_accept
        automatic = {"same_measure": cut, "addresses": cut}
    summary = links_compute(
        auto_accept=automatic, same_floor=threshold, addresses_floor=addresses_threshold
    )
    for kind in sorted(summary.created):
        click.echo(
            f"{kind}: {summary.created[kind]} created, {summary.updated[kind]} updated, "
            f"{summary.removed[kind]} removed, {summary.unchanged[kind]} unchanged, "
            f"{summary.decided[kind]} decided by a person kept"
        )
    _echo_link_totals(summary)
    click.echo(f"linked in {summary.seconds:.2f} s")


def _echo_link_totals(summary: LinkingSummary) -> None:
    """The links per kind and status of a ``LinkingSummary``, a line each."""
    for (kind, status), count in sorted(summary.totals.items()):
        click.echo(f"  {kind} {status}: {count}")


@main.group()
def report() -> None:
    """Reports for parliament and the public: the annex, what changed, the CEDAW table."""


def _report_out(render: Callable[[], Any], fmt: str, out: str | None) -> None:
    """Render a report and write it; bad input is one ``error: …`` line and exit status 1."""
    from voortgang.reports import ExportError

    if fmt == "docx" and out in (None, "-") and sys.stdout.isatty():
        click.echo("error: DOCX is binary: write it to a file with --out FILE", err=True)
        sys.exit(1)
    try:
        export = render()
    except ExportError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    _write_output(export.content, out)


@report.command("changes")
@click.option(
    "--from",
    "old",
    metavar="DOC|DATE",
    help="The earlier reporting moment: a document's file name, or YYYY-MM-DD for the moment "
    "as of that day (default: the moment before --to).",
)
@click.option(
    "--to",
    "new",
    metavar="DOC|DATE",
    help="The later reporting moment, as --from (default: the latest).",
)
@click.option("--format", "fmt", default="html", show_default=True, help="html or docx.")
@click.option("--out", type=click.Path(), help="Output file (default: standard output).")
def report_changes(old: str | None, new: str | None, fmt: str, out: str | None) -> None:
    """What changed between two reporting moments: measures added and dropped, status
    changes, due periods that moved (and how often they slipped before), changed
    explanations and ministries. Default: the last two reporting moments."""
    _setup()
    from voortgang.reports import changes

    _report_out(lambda: changes.render(format=fmt, old=old, new=new), fmt, out)


@report.command("cedaw")
@click.option("--format", "fmt", default="html", show_default=True, help="html or docx.")
@click.option(
    "--document",
    metavar="NAME",
    help="The CEDAW overview's file name (default: the latest ingested).",
)
@click.option("--out", type=click.Path(), help="Output file (default: standard output).")
def report_cedaw(fmt: str, document: str | None, out: str | None) -> None:
    """The CEDAW follow-up table: the recommendations per chapter with the responsible parts
    of the Kingdom and ministries, the current state, and the measures linked to them."""
    _setup()
    from voortgang.reports import cedaw

    _report_out(lambda: cedaw.render(format=fmt, document=document), fmt, out)


@report.command("annex")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["docx", "pdf", "html"]),
    default="pdf",
    show_default=True,
    help="pdf (A4 portrait), docx (Word) or html (a standalone page).",
)
@click.option("--document", metavar="NAME", help="The annex of this document (its file name).")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="The annex of the reporting moment on or before this day (default: the latest).",
)
@click.option("--out", type=click.Path(), help="Output file (default: standard output).")
def report_annex(fmt: str, document: str | None, as_of: Any, out: str | None) -> None:
    """The annex of the progress report in its published layout: the legend, then per theme
    a table Maatregel / Stand van zaken / Wanneer / Wie / Toelichting with its sub-themes and
    footnotes. `voortgang ingest` reads the file back into the same records."""
    if document and as_of:
        raise click.UsageError("give --document or --as-of, not both")
    if fmt == "pdf" and out in (None, "-") and sys.stdout.isatty():
        click.echo("error: PDF is binary: write it to a file with --out FILE", err=True)
        sys.exit(1)
    _setup()
    from voortgang.reports import annex

    day = as_of.date() if as_of else None
    _report_out(lambda: annex.render(format=fmt, document=document, as_of=day), fmt, out)


def _errors(error: Exception) -> list[str]:
    """The messages of a ValidationError (or the error itself), one per line."""
    messages = getattr(error, "messages", None)
    return [str(m) for m in messages] if messages else [str(error)]


@main.command()
@click.argument("username")
@click.option(
    "--role",
    type=click.Choice(["coordinator", "editor", "reviewer"]),
    required=True,
    help="coordinator (everything), editor (a ministry's measures) or reviewer (read-only).",
)
@click.option(
    "--ministry",
    "ministries",
    multiple=True,
    metavar="CODE",
    help="A ministry the editor answers for (OCW, SZW …); repeat for more.",
)
@click.option("--email", default="", help="E-mail address (for reminders).")
@click.option(
    "--password-file",
    type=click.File("r", encoding="utf-8"),
    help="Read the password from the first line of this file (- for standard input) instead "
    "of prompting.",
)
def createuser(
    username: str, role: str, ministries: tuple[str, ...], email: str, password_file: Any
) -> None:
    """Create an account for the reporting round: a user with a role and, for an editor, the
    ministries whose measures they may edit. The password is asked twice (hidden) or read
    with --password-file, and must pass Django's password validators."""
    if password_file is not None:
        password = password_file.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    _setup()
    from django.core.exceptions import ValidationError

    from voortgang.rounds.services import account_create

    try:
        account_create(
            username=username, password=password, role=role, ministries=ministries, email=email
        )
    except ValidationError as error:
        for message in _errors(error):
            click.echo(f"error: {message}", err=True)
        sys.exit(1)
    where = f" for {', '.join(ministries)}" if ministries else ""
    click.echo(f"created {role} {username}{where}")


@main.group("round")
def round_group() -> None:
    """The reporting round: open one, list them, remind the ministries, spreadsheets."""


def _round_or_exit(name: str | None) -> Any:
    from voortgang.rounds.models import Round
    from voortgang.rounds.selectors import round_current, round_get

    if name:
        try:
            return round_get(name=name)
        except Round.DoesNotExist:
            click.echo(f"error: there is no round named {name!r}", err=True)
            sys.exit(1)
    current = round_current()
    if current is None:
        click.echo("error: there is no open round (voortgang round open NAME …)", err=True)
        sys.exit(1)
    return current


@round_group.command("open")
@click.argument("name")
@click.option(
    "--deadline",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    required=True,
    metavar="YYYY-MM-DD",
    help="The day the ministries must have answered.",
)
@click.option(
    "--reference-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="The day the answers speak for (default: today).",
)
def round_open_command(name: str, deadline: Any, reference_date: Any) -> None:
    """Open a reporting round with every measure, motion and commitment whose latest status
    is not completed (4) or dropped (0); prints how many items each ministry has."""
    _setup()
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from voortgang.rounds.selectors import round_progress
    from voortgang.rounds.services import round_open

    day = reference_date.date() if reference_date else timezone.localdate()
    try:
        opened = round_open(user=None, name=name, reference_date=day, deadline=deadline.date())
    except ValidationError as error:
        for message in _errors(error):
            click.echo(f"error: {message}", err=True)
        sys.exit(1)
    progress = round_progress(opened)
    total = opened.items.count()
    click.echo(f"opened round {opened.name}: {total} items, deadline {opened.deadline}")
    for row in progress:
        click.echo(f"  {row.ministry or '(no ministry)'}: {row.total}")


@round_group.command("list")
def round_list_command() -> None:
    """Every round with its status, dates and per state how many items it has."""
    _setup()
    from voortgang.rounds.selectors import STATES, round_list, round_state_counts

    rounds = list(round_list())
    if not rounds:
        click.echo("no rounds yet (voortgang round open NAME --deadline YYYY-MM-DD)")
    for r in rounds:
        counts = round_state_counts(r)
        states = ", ".join(f"{state} {counts[state]}" for state in STATES)
        click.echo(
            f"{r.name}\t{r.status}\treference {r.reference_date}\tdeadline {r.deadline}\t{states}"
        )


@round_group.command("audit")
@click.option("--round", "name", metavar="NAME", help="The round (default: the open one).")
@click.option("--out", type=click.Path(), help="Output file (default: standard output).")
def round_audit_command(name: str | None, out: str | None) -> None:
    """The round's audit trail as CSV: every change (who, when, what, the changed fields
    before and after as JSON), oldest first."""
    _setup()
    from voortgang.rounds.selectors import audit_export

    _write_output(audit_export(_round_or_exit(name)), out)


@round_group.command("remind")
@click.option("--round", "name", metavar="NAME", help="The round (default: the open one).")
def round_remind_command(name: str | None) -> None:
    """E-mail each ministry's editors the items they have not touched yet (for cron); prints
    per ministry what was sent. Mail settings: VOORTGANG_EMAIL_* (docs/rounds.md)."""
    _setup()
    from django.core.exceptions import ValidationError

    from voortgang.rounds.services import round_remind

    chosen = _round_or_exit(name)
    try:
        reminders = round_remind(user=None, round=chosen)
    except ValidationError as error:
        for message in _errors(error):
            click.echo(f"error: {message}", err=True)
        sys.exit(1)
    if not reminders:
        click.echo(f"{chosen.name}: no untouched items, no reminders")
    for reminder in reminders:
        if reminder.sent:
            to = ", ".join(reminder.recipients)
            click.echo(f"{reminder.ministry}: {len(reminder.items)} untouched items, sent to {to}")
        else:
            click.echo(
                f"{reminder.ministry}: {len(reminder.items)} untouched items, not sent "
                "(no active editor with an e-mail address)"
            )


@round_group.command("export")
@click.option("--ministry", required=True, metavar="CODE", help="The ministry's code (SZW).")
@click.option("--out", required=True, type=click.Path(), help="The .xlsx file to write.")
@click.option("--round", "name", metavar="NAME", help="The round (default: the open one).")
def round_export_command(ministry: str, out: str, name: str | None) -> None:
    """The spreadsheet a ministry fills in offline: its items of the round with the current
    answers, status as a 0/1/3/4 dropdown, locked identity columns and an instructions sheet
    (docs/rounds.md, "Spreadsheets")."""
    _setup()
    from voortgang.reports import ExportError
    from voortgang.rounds.spreadsheets import round_spreadsheet_export

    chosen = _round_or_exit(name)
    try:
        export = round_spreadsheet_export(round=chosen, ministry=ministry)
    except ExportError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    _write_output(export.content, out)


@round_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--user", "username", required=True, metavar="NAME", help="Whose drafts these are.")
@click.option("--round", "name", metavar="NAME", help="The round (default: the open one).")
def round_import_command(path: str, username: str, name: str | None) -> None:
    """Read a filled-in round spreadsheet: every row is checked first and every problem is
    printed as FILE: sheet, row, column: message (exit 1, nothing changed); a file without
    errors is applied in one transaction, the changed rows as drafts of --user."""
    _setup()
    from voortgang.rounds.models import Account
    from voortgang.rounds.selectors import account_get
    from voortgang.rounds.spreadsheets import round_spreadsheet_import

    try:
        account = account_get(username)
    except Account.DoesNotExist:
        click.echo(f"error: there is no account {username!r} (voortgang createuser)", err=True)
        sys.exit(1)
    chosen = _round_or_exit(name)
    result = round_spreadsheet_import(
        round=chosen, user=account.user, data=Path(path).read_bytes(), name=Path(path).name
    )
    if result.errors:
        for problem in result.errors:
            click.echo(f"{path}: {problem}", err=True)
        count = len(result.errors)
        click.echo(f"{path}: {count} error{'s' if count != 1 else ''}; nothing changed", err=True)
        sys.exit(1)
    updated = len(result.updated)
    click.echo(
        f"{path}: {updated} item{'s' if updated != 1 else ''} updated (drafts of {username}), "
        f"{result.unchanged} unchanged"
    )


def _serve(host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]

    from voortgang.wsgi import application

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", 4)
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 60)

        def load(self) -> Any:
            return application

    click.echo(f"Voortgang is served at http://{host}:{port}/ (Ctrl+C stops it)")
    Server().run()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=2, show_default=True, type=int, help="Worker processes.")
def serve(host: str, port: int, workers: int) -> None:
    """Serve the site and API with a production WSGI server (gunicorn)."""
    _setup()
    _serve(host, port, workers)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--no-serve", is_flag=True, help="Ingest the samples, then stop without serving.")
def demo(host: str, port: int, no_serve: bool) -> None:
    """Migrate, ingest the bundled sample documents, link them, and serve the site."""
    _setup()
    samples = sorted(p for p in SAMPLES_DIR.iterdir() if p.is_file() and p.suffix != ".md")
    click.echo(f"Ingesting {len(samples)} sample documents from {SAMPLES_DIR}")
    status = _ingest(samples, quiet=False)
    if status:
        sys.exit(status)
    # Link them too, so that record pages show their timelines across the samples and the
    # gap view and the link review have something to show (as `voortgang link` does).
    from voortgang.linking.services import links_compute

    click.echo("Linked the samples (`voortgang link` recomputes the links):")
    _echo_link_totals(links_compute())
    if not no_serve:
        _serve(host, port, 2)


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command (e.g. ``voortgang manage createsuperuser``)."""
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["voortgang manage", *args])


if __name__ == "__main__":  # pragma: no cover
    main()
