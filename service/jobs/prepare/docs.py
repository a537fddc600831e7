"""The docs half of ``prepare``: each due rep's 1:1 doc for the week, copied from the
template into the rep's folder, prefilled once, and private to the rep and their manager.

Calls for a team (first run): one files.list for the team's folders, one for the templates,
one ``documents.get`` per template used, one files.list for this week's docs and one for the
previous docs; per rep: a ``files.copy`` (in a Drive batch), a ``documents.get`` of their last
doc and one ``batchUpdate`` (the whole prefill); then one Drive write for the team: the read
ledger (``service.jobs.collect.ledger``) records the docs done. A re-run lists the docs (the
ledger comes in the same list), reads the ledger and stops: every doc is there and done.

Crash safety: the copy is tagged (kind, team, rep, week, and the 1:1 time the prefill will
write) in the copy call itself, so a re-run finds it; the prefill is one atomic
``batchUpdate`` that also creates a named range, so a doc the ledger does not know done (a
crash before the ledger's save) is read once: marked already, it is only recorded; unmarked,
it is prefilled from its own structure, guarded by its revision id. No per-doc Drive write
marks a doc prefilled (a doc an older version tagged ``prefilled`` counts as done).

The Sheet form (``program.yaml: template: sheet``): an AE gets a copy of the ``ae_sheet``
template instead, tagged ``form=sheet`` too, prefilled the same way in one Sheets
``batchUpdate`` (``service.jobs.prepare.sheet_prefill``) with the same calls.

Sharing: the rep's folder is shared with the rep and the team folder with whom privacy allows
(``service.jobs.install.folders``); a copy inherits exactly that. A per-doc permission is added only
when ``privacy.notify_on_share`` asks for the rep to get Drive's e-mail. Whatever a rep shared
their doc with since is removed on every run (``service.jobs.prepare.doc_sharing``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from service.domain.doc_parser import parse_document
from service.domain.model import Meeting, Rep, RepMetrics, Role, Submission, Team
from service.domain.week import Week
from service.errors import InputError, WorkspaceError
from service.google import tags
from service.google.drive import DOC_FIELDS, one_per_rep, week_doc_files
from service.google.gateway import Gateway
from service.google.sheet_docs import is_sheet
from service.jobs.base import Deps, TeamReport
from service.jobs.booking.week_plan import holidays_in_year
from service.jobs.collect.ledger import Ledger, ledger_file, load_ledger, save_ledger
from service.jobs.collect.read import deadline_of
from service.jobs.collect.rep_doc_read import without_private_tabs
from service.jobs.install.folders import TeamFolders, ensure_team_folders
from service.jobs.install.templates import TEMPLATE_OF_ROLE, TemplateFile, ensure_templates
from service.jobs.prepare.coach_notes import COACH, NOTES_DOC, coach_entries, write_coach_notes
from service.jobs.prepare.doc_content import carried_commitments, merge_fields, metric_rows
from service.jobs.prepare.doc_history import last_submissions
from service.jobs.prepare.doc_link import DocLink
from service.jobs.prepare.doc_sharing import fix_doc_sharing
from service.jobs.prepare.doc_upkeep import (
    MEETING,
    meeting_key,
    remove_duplicates,
    tag_docs,
    update_meeting_times,
)
from service.jobs.prepare.leader_brief import leader_prefills
from service.jobs.prepare.sheet_prefill import SheetTemplates, prefill_sheet
from service.metrics import read_metrics
from service.templates import Prefill, is_prefilled, load_doc_template, prefill_requests
from service.templates.prefill import METRICS_HEADER

log = logging.getLogger(__name__)
Book = Callable[[dict[str, DocLink]], dict[str, str]]  # doc links -> Meet links, by rep
PREFILLED: Final[str] = "prefilled"
SHEET_TEMPLATE: Final[str] = "ae_sheet"


@dataclass
class _Work:
    """One team's preparation, as it goes."""

    deps: Deps
    team: Team
    week: Week
    meetings: dict[str, Meeting]
    now: datetime
    report: TeamReport
    docs: dict[str, dict[str, Any]] = field(default_factory=dict)  # rep -> Drive file
    structures: dict[str, dict[str, Any]] = field(default_factory=dict)  # template -> doc
    sheets: SheetTemplates = field(default_factory=SheetTemplates)
    ledger: Ledger = field(default_factory=Ledger)  # which docs are done (prefilled, coached)
    folder: str | None = None  # the team folder, once known

    @property
    def gw(self) -> Gateway:
        return self.deps.gateway

    @property
    def manager(self) -> str:
        return self.team.manager.email

    def meeting_key(self, rep: Rep) -> str:
        """The rep's 1:1 start as the doc's ``meeting`` tag records it ("" when not booked)."""
        return meeting_key(self.meetings.get(rep.email))

    def prepared(self, rep: Rep) -> dict[str, str] | None:
        """``{"coach": notes doc id or ""}`` when the rep's doc is prefilled: as the ledger
        records it, or as an older version tagged the doc; None when not known done."""
        file = self.docs[rep.email]
        props = file.get("appProperties", {})
        if props.get(PREFILLED) == "1":
            return {COACH: str(props.get(COACH, ""))}
        return self.ledger.prepared(self.week, rep.email, str(file.get("id")))

    def template_of(self, rep: Rep) -> str:
        """The template a rep's doc is copied from: the Sheet form for an AE when chosen."""
        if rep.role == Role.AE and self.deps.config.program.template == "sheet":
            return SHEET_TEMPLATE
        return TEMPLATE_OF_ROLE[rep.role]


def prepare_docs(
    deps: Deps,
    team: Team,
    week: Week,
    meetings: dict[str, Meeting],
    now: datetime,
    report: TeamReport,
    book: Book | None = None,
) -> dict[str, DocLink]:
    """Make sure every rep due in ``week`` has their doc, prefilled; returns rep -> link.

    ``book`` books the week once every doc exists (so each invite links its doc) and before
    any is prefilled (so each doc shows its 1:1's Meet link): same calls, no second write."""
    work = _Work(deps, team, week, dict(meetings), now, report)
    due = team.reps_due(week)
    files = week_doc_files(work.gw, work.manager, team.id, week.label)
    work.docs, duplicates = one_per_rep(files)
    work.ledger = load_ledger(work.gw, work.manager, ledger_file(files))
    if duplicates:
        remove_duplicates(deps, work.manager, work.week, duplicates, report)
    fix_doc_sharing(deps, team, work.docs, report)
    missing = [rep for rep in due if rep.email not in work.docs]
    unfinished = [rep for rep in due if rep.email in work.docs and work.prepared(rep) is None]
    report.count("docs_kept", len(due) - len(missing) - len(unfinished))
    # Read every run (a CSV costs nothing, a sheet one call), so that a rep without metrics is
    # reported each week, not only the week their doc is made.
    metrics = _metrics(work)
    if deps.config.metrics.source is not None:
        for rep in due:
            if rep.email not in metrics and rep.role is Role.AE:  # a leader's doc: team figures
                report.warnings.append(
                    f"{rep.email}: no metrics in the source, so their doc's metrics table is "
                    "empty; add their rows to the metrics source (metrics.yaml: source)"
                )
    coach_due = [
        rep
        for rep in due
        if deps.config.program.coach_notes
        and rep not in missing and rep not in unfinished and rep.email in work.docs
        and not (work.prepared(rep) or {}).get(COACH)
    ]  # fmt: skip
    if missing or unfinished or coach_due:
        _make_and_prefill(work, missing, unfinished, metrics, coach_due, book)
    else:
        _book(work, book)
    moved = [
        rep
        for rep in due
        if rep not in missing and rep not in unfinished and rep.email in work.docs
        and MEETING in (props := work.docs[rep.email].get("appProperties", {}))
        and props[MEETING] != work.meeting_key(rep)
    ]  # fmt: skip
    if moved:
        update_meeting_times(deps, team, work.docs, moved, work.meetings, report)
    return _links(work)


def _links(work: _Work) -> dict[str, DocLink]:
    return {
        rep.email: DocLink.of(file)
        for rep in work.team.reps_due(work.week)
        if (file := work.docs.get(rep.email)) is not None and file.get("id")
    }


def _book(work: _Work, book: Book | None) -> None:
    """Book the week with the docs' links and keep each 1:1's Meet link for the docs."""
    if book is None:
        return
    for email, link in book(_links(work)).items():
        if email in work.meetings:
            work.meetings[email] = replace(work.meetings[email], video=link)


def _make_and_prefill(
    work: _Work,
    missing: list[Rep],
    unfinished: list[Rep],
    metrics: dict[str, RepMetrics],
    coach_due: list[Rep],
    book: Book | None,
) -> None:
    """Copy and prefill the missing docs, finish the unfinished ones, and write this week's
    coach notes of both and of ``coach_due`` (prefilled docs whose notes are not written)."""
    folders = ensure_team_folders(work.deps, work.team, tuple(missing), work.report)
    folder = folders.team_folder["id"] if folders.team_folder else None
    work.folder = folder
    templates = ensure_templates(work.deps, work.team, folder, work.report)
    fresh = _copy_templates(work, missing, folders.rep_folders, templates)
    _book(work, book)
    reps = [*(missing if work.deps.dry_run else fresh), *unfinished]
    if not reps and not coach_due:
        return
    categories = work.deps.config.program.coaching_categories
    others = [t.manager.email for t in work.deps.teams if t.id != work.team.id]
    last = last_submissions(
        work.gw, work.team, work.week, [*reps, *coach_due], work.report, categories, others
    )
    prefills = {
        rep.email: _prefill_for(work, rep, metrics.get(rep.email), last.get(rep.email))
        for rep in [*reps, *coach_due]
    }
    prefills |= leader_prefills(work.deps, work.week, reps, prefills, last, work.report)
    done: list[Rep] = []
    for rep in reps:
        prefill = prefills[rep.email]
        if work.deps.dry_run:
            work.report.actions.append(
                f"would prefill the doc of {rep.email}: {len(prefill.metrics)} metric(s), "
                f"{len(prefill.commitments)} commitment(s) carried over"
            )
            work.report.count("docs_prefilled")
            continue
        try:
            if _prefill(work, rep, prefill, templates, fresh=rep in fresh):
                work.report.count("docs_prefilled")
            done.append(rep)
        except WorkspaceError as exc:
            if exc.after_lost_reply:
                raise  # maybe applied: the team's job runs again from what the doc holds
            work.report.warnings.append(f"{rep.email}: doc not prefilled ({exc}); re-run prepare")
    coached = [*(reps if work.deps.dry_run else done), *coach_due]
    coach = _coach_notes(work, folders, coached, prefills, set(unfinished) | set(coach_due))
    untouched = _template_missing(work, [rep for rep in done if rep in fresh], templates)
    _tag_done(work, done, [*done, *coach_due], coach, untouched)


def _coach_notes(
    work: _Work,
    folders: TeamFolders,
    reps: list[Rep],
    prefills: dict[str, Prefill],
    check: set[Rep],
) -> dict[str, str]:
    if not work.deps.config.program.coach_notes or not reps:
        return {}
    if work.deps.dry_run:  # say and count what the real run would write
        work.report.actions.extend(f"would add this week's coach notes for {r.email}" for r in reps)
        known = {
            e for e, f in folders.rep_folders.items() if NOTES_DOC in f.get("appProperties", {})
        }
        if new := [r for r in reps if r.email not in known]:
            work.report.count("coach_docs_created", len(new))
        work.report.count("coach_notes_written", len(reps))
        return {}
    entries = coach_entries([r for r in reps if r.email in work.docs], work.docs, prefills)
    return write_coach_notes(
        work.deps, work.team, work.week, folders, entries, work.report,
        check={rep.email for rep in check},
    )  # fmt: skip


def _copy_templates(
    work: _Work,
    reps: list[Rep],
    rep_folders: dict[str, dict[str, Any]],
    templates: dict[str, TemplateFile],
) -> list[Rep]:
    """Copy the right template for each rep into their folder (one Drive batch); the copies
    are tagged in the same call. Returns the reps whose doc now exists."""
    drive = work.gw.client("drive", work.manager)
    calls: list[tuple[str, Any]] = []
    for rep in reps:
        template = templates.get(work.template_of(rep))
        folder = rep_folders.get(rep.email)
        title = doc_title(rep, work.week)
        if template is None and not work.deps.dry_run:
            raise WorkspaceError(
                f"the {work.template_of(rep)} template of team {work.team.id} is missing and "
                "could not be made (see the warnings); re-run prepare"
            )
        if work.deps.dry_run or folder is None or template is None:
            work.report.actions.append(f"would create '{title}' for {rep.email}")
            if work.deps.dry_run:
                work.report.count("docs_created")  # counted as the real run would
            continue
        app = tags.tags(
            kind=tags.KIND_REP_DOC, team=work.team.id, rep=rep.email, week=work.week.label
        )
        if template.template == SHEET_TEMPLATE:
            app[tags.FORM] = tags.FORM_SHEET
        else:
            app[MEETING] = work.meeting_key(rep)  # the time the prefill writes in the doc
        notes = folder.get("appProperties", {}).get(NOTES_DOC)
        if notes and work.deps.config.program.coach_notes:
            app[COACH] = notes  # the rep's notes doc, linked from the tracker
        # The rep edits the doc but cannot share it on (no other rep, no link): only the
        # manager, its owner, decides who reads it.
        body = {
            "name": title, "parents": [folder["id"]], "appProperties": app,
            "writersCanShare": False,
        }  # fmt: skip
        request = drive.files().copy(
            fileId=template.file_id, body=body, fields=DOC_FIELDS, supportsAllDrives=True
        )
        calls.append((rep.email, request))
    if not calls:
        return []
    results = work.gw.execute_batch("drive", work.manager, calls, "1:1 doc copy")
    made: list[Rep] = []
    for rep in reps:
        result = results.get(rep.email)
        if isinstance(result, dict):
            work.docs[rep.email] = result
            made.append(rep)
            work.report.count("docs_created")
            work.report.actions.append(f"created '{result.get('name')}'")
        elif result is not None:
            work.report.warnings.append(f"{rep.email}: doc not created: {result}")
    _notify(work, made)
    return made


def doc_title(rep: Rep, week: Week) -> str:
    """``1:1 Self-Management - <name> - week of <YYYY-MM-DD>``."""
    return (
        load_doc_template(TEMPLATE_OF_ROLE[rep.role])
        .title.replace("{{rep_name}}", rep.name)
        .replace("{{week_of}}", week.label)
    )


def _notify(work: _Work, reps: list[Rep]) -> None:
    """Drive's "shared with you" e-mail for each new doc, only when privacy asks for it (the
    rep can already open the doc through their folder)."""
    if not reps or not work.deps.config.program.privacy.notify_on_share:
        return
    drive = work.gw.client("drive", work.manager)
    calls = [
        (
            rep.email,
            drive.permissions().create(
                fileId=work.docs[rep.email]["id"],
                body={"type": "user", "role": "writer", "emailAddress": rep.email},
                sendNotificationEmail=True,
                supportsAllDrives=True,
                fields="id",
            ),
        )
        for rep in reps
    ]
    results = work.gw.execute_batch("drive", work.manager, calls, "1:1 doc share")
    for key, result in results.items():
        if isinstance(result, WorkspaceError):
            work.report.warnings.append(f"{key}: no share notification: {result}")


def _metrics(work: _Work) -> dict[str, RepMetrics]:
    try:
        return read_metrics(work.deps.config, work.gw, work.deps.config.admin_user)
    except (InputError, WorkspaceError) as exc:
        work.report.warnings.append(f"metrics not read: {exc}")
        return {}


def _prefill_for(
    work: _Work, rep: Rep, metrics: RepMetrics | None, last: tuple[Submission, str] | None
) -> Prefill:
    config = work.deps.config
    zone = ZoneInfo(work.team.timezone)
    # Without an as-of date from the source the actuals count as of the prepare day.
    as_of = work.now.astimezone(zone).date()
    country = work.team.country or config.org.country
    configured = config.rules_for(work.team.id).holidays
    holidays = {
        day
        for year in (as_of.year - 1, as_of.year)  # a source's as-of may be last December
        for day in holidays_in_year(year, configured, country)
    }
    rows = metric_rows(config.metrics.key_metrics, metrics, config.metrics.period, as_of, holidays)
    cycle = config.cycle_for(work.team.id)
    deadline = deadline_of(cycle.deadline.day, cycle.deadline.time, work.week, work.team.timezone)
    submission, last_url = last if last else (None, None)
    fields = merge_fields(
        work.team, rep, work.week, work.meetings.get(rep.email), deadline, last_url
    )
    header = METRICS_HEADER if rows or config.metrics.key_metrics else ()
    return Prefill(fields, rows, carried_commitments(submission), header)


def _prefill(
    work: _Work, rep: Rep, prefill: Prefill, templates: dict[str, TemplateFile], *, fresh: bool
) -> bool:
    """Run the prefill; False when the doc turned out to be prefilled already."""
    file = work.docs[rep.email]
    if is_sheet(file):
        template = templates[work.template_of(rep)] if fresh else None
        form = work.sheets.form(work.gw, work.manager, template.file_id) if template else None
        return prefill_sheet(work.gw, work.manager, file["id"], prefill, form)
    docs = work.gw.client("docs", work.manager).documents()
    doc_id = file["id"]
    body: dict[str, Any]
    if fresh:
        structure = _structure(work, templates[TEMPLATE_OF_ROLE[rep.role]])
        body = {"requests": prefill_requests(structure, prefill)}
    else:
        current = work.gw.execute(docs.get(documentId=doc_id), work.manager, f"1:1 doc {doc_id}")
        if is_prefilled(current):
            return False
        body = {
            "requests": prefill_requests(current, prefill),
            "writeControl": {"requiredRevisionId": current["revisionId"]},
        }
    # A fresh copy's prefill has no revision to guard it: applied twice it would garble the
    # doc, so a lost answer is not retried blindly (the job runs again and reads the doc).
    request = docs.batchUpdate(documentId=doc_id, body=body)
    work.gw.execute(request, work.manager, f"doc {doc_id}", idempotent=not fresh)
    return True


def _structure(work: _Work, template: TemplateFile) -> dict[str, Any]:
    """The template's structure: every fresh copy has the same indexes (read once a team)."""
    if template.file_id not in work.structures:
        request = work.gw.client("docs", work.manager).documents().get(documentId=template.file_id)
        work.structures[template.file_id] = work.gw.execute(
            request, work.manager, f"template {template.file_id}"
        )
    return work.structures[template.file_id]


def _template_missing(
    work: _Work, reps: list[Rep], templates: dict[str, TemplateFile]
) -> dict[str, tuple[str, ...]]:
    """What each fresh Docs-form doc of ``reps`` lacks until someone edits it: what its
    template lacks, the prefill writing no required section (a template with merge fields
    inside its sections is left out: the ``remind`` after it reads the doc)."""
    out: dict[str, tuple[str, ...]] = {}
    for rep in reps:
        template = templates.get(TEMPLATE_OF_ROLE[rep.role])
        structure = work.structures.get(template.file_id) if template else None
        if structure is None or is_sheet(work.docs[rep.email]):
            continue
        parsed = parse_document(without_private_tabs(structure))
        if parsed.missing and not any("{{" in s.text for s in parsed.sections.values()):
            out[rep.email] = parsed.missing
    return out


def _tag_done(
    work: _Work,
    prefilled: list[Rep],
    coached: list[Rep],
    coach: dict[str, str],
    untouched: dict[str, tuple[str, ...]],
) -> None:
    """Record in the team's read ledger each doc done (prefilled; its coach notes written),
    so a re-run reads none of them: one Drive write for the team, none per doc. The copy
    tagged each doc with its 1:1 time and the rep's notes doc; a doc whose tags are not
    those (a 1:1 moved before an earlier run's prefill; a notes doc made this week, in a
    rep's first week) gets them put right in one Drive batch, only for those."""
    if work.deps.dry_run:
        return
    stale: dict[str, dict[str, str]] = {}
    for rep in prefilled:
        file, shown = work.docs[rep.email], work.meeting_key(rep)
        if not is_sheet(file) and file.get("appProperties", {}).get(MEETING) != shown:
            stale[rep.email] = {MEETING: shown}
        notes = coach.get(rep.email, "")
        work.ledger.remember_prepared(work.week, rep.email, str(file["id"]), notes)
    for rep in coached:
        if rep.email not in coach:
            continue
        file = work.docs[rep.email]
        work.ledger.remember_prepared(work.week, rep.email, str(file["id"]), coach[rep.email])
        if file.get("appProperties", {}).get(COACH) != coach[rep.email]:  # a new notes doc
            stale.setdefault(rep.email, {})[COACH] = coach[rep.email]
    tag_docs(work.deps, work.manager, work.docs, stale, work.report)
    if untouched:  # as listed now, after prepare's last write: remind knows them untouched
        listed = one_per_rep(week_doc_files(work.gw, work.manager, work.team.id, work.week.label))
        for email, lacking in untouched.items():
            if email in listed[0]:
                work.ledger.remember_untouched(work.week, email, listed[0][email], lacking)
    save_ledger(
        work.gw, work.manager, work.team.id, work.team.name, work.ledger, folder=work.folder
    )
