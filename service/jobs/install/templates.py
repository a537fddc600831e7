"""The doc templates in Drive: installed once from ``sheets_templates/``, found again by their
tags (kind=template, template=ae|manager|vp|ae_sheet), rewritten in place when the definition
changes, or the customer's own doc checked for the headings the product needs.

A template is created tagged but without a ``version``; the version is set only after its
content is written, so a template half-made by a crashed run is rewritten by the next one,
never copied. A template someone edited in Drive since install wrote it (its Docs revision
moved on) is never overwritten by a newer definition: it is kept, with a warning.

Each team has its own templates, made by the service acting as the team's manager, in the
team folder, tagged with the team. With the ``drive.file`` scope Google authorizes a file per
user: the service acting as a manager may copy only files it created *as that manager*
(README, "drive.file is per user"). A template made by the admin and shared with the managers
would be readable in the Drive UI and still answer 404 to ``files.copy`` as the manager.
A customer's own template (``google.yaml: templates``) was made by nobody through the app: it
is copied under the ``drive.readonly`` scope, which the service then asks for too.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any, Final

from service.domain.model import Role, Team
from service.errors import ConfigError, NotFoundError
from service.google import tags
from service.google.drive import find_files
from service.jobs.base import Deps, TeamReport
from service.settings.models import TemplatesConfig
from service.templates import (
    DocTemplate,
    load_doc_template,
    load_sheet_template,
    missing_headings,
    template_requests,
)
from service.templates.prefill import body_content

log = logging.getLogger(__name__)
DOC_MIME: Final[str] = "application/vnd.google-apps.document"
SHEET_MIME: Final[str] = "application/vnd.google-apps.spreadsheet"
VERSION: Final[str] = "version"  # digest of the definition the template was written from
REVISION: Final[str] = "revision"  # digest of the Docs revision we left it at
FIELDS: Final[str] = "id,name,webViewLink,appProperties,permissions(id,type,role,emailAddress)"
DOC_TEMPLATES: Final[tuple[str, ...]] = ("ae", "manager", "vp")
TEMPLATE_OF_ROLE: Final[dict[Role, str]] = {
    Role.AE: "ae",
    Role.MANAGER: "manager",
    Role.DIRECTOR: "vp",
}


@dataclass(frozen=True)
class TemplateFile:
    """An installed (or the customer's own) template doc."""

    template: str
    file_id: str
    url: str = ""
    customer: bool = False
    shared_with: frozenset[str] = frozenset()  # e-mails holding any permission on it


def _template_file(name: str, file: dict[str, Any]) -> TemplateFile:
    emails = frozenset(str(p.get("emailAddress", "")).lower() for p in file.get("permissions", []))
    return TemplateFile(name, file["id"], file.get("webViewLink", ""), shared_with=emails)


def customer_template_id(config: TemplatesConfig, template: str) -> str | None:
    """The customer's own doc for ``template``, when google.yaml names one."""
    value: str | None = getattr(config, f"{template}_doc_id", None)
    return value


def needed_templates(deps: Deps, team: Team) -> list[str]:
    """The built-in templates ``team`` copies: one per role among its reps (the Sheet form
    for AEs when chosen), except those the customer brings."""
    own = deps.config.google.templates
    names: list[str] = []
    for rep in team.reps:
        name = TEMPLATE_OF_ROLE[rep.role]
        if rep.role == Role.AE and deps.config.program.template == "sheet":
            name = "ae_sheet"
        if name not in names and not (name in DOC_TEMPLATES and customer_template_id(own, name)):
            names.append(name)
    return sorted(names)


def find_templates(deps: Deps, team: Team) -> dict[str, TemplateFile]:
    """The usable templates of ``team``: configured ids first, then the team's installed ones
    (complete ones only: a template without its version tag is half-made). One files.list, as
    the manager."""
    found = {
        name: _template_file(name, file)
        for name, file in _listed(deps, team).items()
        if file.get("appProperties", {}).get(VERSION)
    }
    for name in DOC_TEMPLATES:
        own = customer_template_id(deps.config.google.templates, name)
        if own:
            found[name] = TemplateFile(name, own, customer=True)
    return found


def _listed(deps: Deps, team: Team) -> dict[str, dict[str, Any]]:
    """The team's template files by template name, the oldest first when tagged twice."""
    files = find_files(
        deps.gateway, team.manager.email,
        tags.drive_query(kind=tags.KIND_TEMPLATE, team=team.id),
        fields=FIELDS + ",createdTime", what=f"1:1 doc templates of {team.id}",
    )  # fmt: skip
    files.sort(key=lambda f: (f.get("createdTime", ""), f["id"]))
    out: dict[str, dict[str, Any]] = {}
    for file in files:
        out.setdefault(file.get("appProperties", {}).get(tags.TEMPLATE, ""), file)
    return out


def check_customer_templates(deps: Deps, admin: str) -> dict[str, dict[str, Any]]:
    """Read each customer template as the admin and refuse any that lacks a required heading,
    naming it (one ``documents.get`` each). Returns template -> document."""
    problems: list[str] = []
    docs: dict[str, dict[str, Any]] = {}
    for name in DOC_TEMPLATES:
        own = customer_template_id(deps.config.google.templates, name)
        if not own:
            continue
        key = f"google.yaml: templates.{name}_doc_id"
        request = deps.gateway.client("docs", admin).documents().get(documentId=own)
        try:
            doc: dict[str, Any] = deps.gateway.execute(request, admin, f"template {own}")
        except NotFoundError:
            problems.append(f"{key}: doc {own} not found, or not shared with {admin}")
            continue
        missing = missing_headings(doc, load_doc_template(name))
        if missing:
            problems.append(
                f"{key}: doc {own} lacks the heading(s) {', '.join(repr(m) for m in missing)}; "
                "add them as headings, or remove the id to use the built-in template"
            )
        docs[name] = doc
    if problems:
        raise ConfigError(problems)
    return docs


def ensure_templates(
    deps: Deps, team: Team, folder_id: str | None, report: TeamReport
) -> dict[str, TemplateFile]:
    """Install (or update in place) the built-in templates ``team`` needs, as its manager, in
    the team folder; return every usable template (the customer's own included)."""
    manager = team.manager.email
    existing = _listed(deps, team)
    out: dict[str, TemplateFile] = {}
    for name in needed_templates(deps, team):
        file = existing.get(name)
        definition_version = _version(name)
        if file is not None and file.get("appProperties", {}).get(VERSION) == definition_version:
            report.count("templates_kept")
            out[name] = _template_file(name, file)
            continue
        verb, done = ("update", "updated") if file is not None else ("install", "installed")
        if deps.dry_run:
            report.actions.append(f"would {verb} the {name} template")
            continue
        if file is None:
            file = _create(deps, team, name, folder_id)
        revision = ""
        if name == "ae_sheet":
            _write_sheet(deps, manager, file["id"])
        else:
            written = file.get("appProperties", {}).get(REVISION)
            revision = _write_doc(deps, manager, file["id"], load_doc_template(name), written)
            if not revision:
                report.warnings.append(
                    f"the {name} template was edited in Drive since it was installed: kept as "
                    "it is, not updated to the new definition (delete it to get the new one)"
                )
                report.count("templates_kept")
                out[name] = _template_file(name, file)
                continue
        _tag_version(deps, team, file["id"], name, definition_version, revision)
        report.count(f"templates_{done}")
        report.actions.append(f"{done} the {name} template")
        out[name] = _template_file(name, file)
    for name in DOC_TEMPLATES:
        own = customer_template_id(deps.config.google.templates, name)
        if own:
            out[name] = TemplateFile(name, own, customer=True)
    return out


def _version(name: str) -> str:
    if name == "ae_sheet":
        return load_sheet_template(name).version
    return load_doc_template(name).version


def _create(deps: Deps, team: Team, name: str, folder_id: str | None) -> dict[str, Any]:
    title = load_sheet_template(name).name if name == "ae_sheet" else load_doc_template(name).name
    body: dict[str, Any] = {
        "name": title,
        "mimeType": SHEET_MIME if name == "ae_sheet" else DOC_MIME,
        "appProperties": tags.tags(kind=tags.KIND_TEMPLATE, team=team.id, template=name),
    }
    if folder_id:
        body["parents"] = [folder_id]
    manager = team.manager.email
    request = (
        deps.gateway.client("drive", manager)
        .files()
        .create(body=body, fields=FIELDS, supportsAllDrives=True)
    )
    created: dict[str, Any] = deps.gateway.execute(request, manager, f"{name} template")
    return created


def revision_digest(revision_id: str) -> str:
    """A short digest of a Docs revision id (appProperties hold at most 124 bytes)."""
    return hashlib.sha256(revision_id.encode()).hexdigest()[:16]


def _write_doc(
    deps: Deps, user: str, doc_id: str, template: DocTemplate, written: str | None
) -> str:
    """Write the template's content, clearing an older version (get + batchUpdate), unless
    someone edited it since ``written`` (the digest of our last revision): then "" and
    nothing is touched. Returns the digest of the new revision."""
    docs = deps.gateway.client("docs", user).documents()
    doc = deps.gateway.execute(docs.get(documentId=doc_id), user, f"template {doc_id}")
    if written and revision_digest(doc["revisionId"]) != written:
        return ""
    content = body_content(doc)
    body_end = int(content[-1].get("endIndex", 2)) if content else 2
    body = {
        "requests": template_requests(template, body_end),
        "writeControl": {"requiredRevisionId": doc["revisionId"]},
    }
    answer = deps.gateway.execute(
        docs.batchUpdate(documentId=doc_id, body=body), user, f"template {doc_id}"
    )
    return revision_digest(str(answer["writeControl"]["requiredRevisionId"]))


def _write_sheet(deps: Deps, user: str, sheet_id: str) -> None:
    """The Sheet form: the first tab renamed and its rows written RAW (one get, one
    batchUpdate, one values.update)."""
    template = load_sheet_template("ae_sheet")
    sheets = deps.gateway.client("sheets", user).spreadsheets()
    meta = deps.gateway.execute(
        sheets.get(spreadsheetId=sheet_id, fields="sheets.properties"), user, "sheet template"
    )
    first = meta["sheets"][0]["properties"]
    rename = {
        "updateSheetProperties": {
            "properties": {"sheetId": first["sheetId"], "title": template.tab},
            "fields": "title",
        }
    }
    clear = {"updateCells": {"range": {"sheetId": first["sheetId"]}, "fields": "userEnteredValue"}}
    deps.gateway.execute(
        sheets.batchUpdate(spreadsheetId=sheet_id, body={"requests": [rename, clear]}),
        user,
        "sheet template",
    )
    title = "'" + template.tab.replace("'", "''") + "'!A1"
    values = [list(row) for row in template.rows]
    deps.gateway.execute(
        sheets.values().update(
            spreadsheetId=sheet_id, range=title, valueInputOption="RAW", body={"values": values}
        ),
        user,
        "sheet template",
    )


def _tag_version(
    deps: Deps, team: Team, file_id: str, name: str, version: str, revision: str
) -> None:
    app = tags.tags(kind=tags.KIND_TEMPLATE, team=team.id, template=name) | {VERSION: version}
    if revision:
        app[REVISION] = revision
    manager = team.manager.email
    request = (
        deps.gateway.client("drive", manager)
        .files()
        .update(fileId=file_id, body={"appProperties": app}, fields="id", supportsAllDrives=True)
    )
    deps.gateway.execute(request, manager, f"{name} template")
