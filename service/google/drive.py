"""Drive adapter: find our files by their tags, read docs, in as few calls as Drive allows."""

from __future__ import annotations

from typing import Any

from service.google import tags
from service.google.gateway import Gateway

DOC_FIELDS = (
    "id,name,mimeType,createdTime,modifiedTime,version,lastModifyingUser(emailAddress),"
    "webViewLink,appProperties"
)
# Who can open a file, asked for in the same files.list that finds the docs (privacy drift is
# checked on every run without a call per doc). ``permissionDetails`` tells inherited access.
SHARING_FIELDS = "permissions(id,type,role,emailAddress,domain,permissionDetails(inherited))"


def find_files(
    gw: Gateway, user: str, query: str, *, fields: str = DOC_FIELDS, what: str = "Drive files"
) -> list[dict[str, Any]]:
    """Every file matching a Drive ``q`` visible to ``user`` (all pages)."""
    service = gw.client("drive", user)
    files: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        request = service.files().list(
            q=query,
            fields=f"nextPageToken,files({fields})",
            pageSize=1000,
            pageToken=token,
            supportsAllDrives=True,
            includeItemsFromAllDrives=True,
        )
        page = gw.execute(request, user, what)
        files.extend(page.get("files", []))
        token = page.get("nextPageToken")
        if not token:
            return files


def week_doc_files(gw: Gateway, user: str, team_id: str, week: str) -> list[dict[str, Any]]:
    """Every rep doc of the team for a week, with its permissions (one files.list),
    duplicates included; the team's read ledger (``service.jobs.collect.ledger``) comes in
    the same list (it has no rep tag: ``one_per_rep`` leaves it out)."""
    kind, week_tag = (
        f"appProperties has {{ key='{key}' and value='{value}' }}"
        for key, value in ((tags.KIND, tags.KIND_REP_DOC), (tags.WEEK, week))
    )
    ledger = f"appProperties has {{ key='{tags.KIND}' and value='{tags.KIND_READ_LEDGER}' }}"
    query = tags.drive_query(team=team_id) + f" and (({kind} and {week_tag}) or {ledger})"
    fields = f"{DOC_FIELDS},{SHARING_FIELDS}"
    return find_files(gw, user, query, fields=fields, what=f"1:1 docs of team {team_id}")


def one_per_rep(
    files: list[dict[str, Any]],
) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """Each rep's doc, and the duplicates (a copy retried after its reply was lost leaves
    two): the doc the rep last edited wins, else the oldest."""

    def rank(file: dict[str, Any]) -> tuple[bool, str, str]:
        rep = str(file.get("appProperties", {}).get(tags.REP, "")).lower()
        edited = str(file.get("lastModifyingUser", {}).get("emailAddress", "")).lower() == rep
        return (not edited, str(file.get("createdTime", "")), str(file.get("id", "")))

    chosen: dict[str, dict[str, Any]] = {}
    extras: list[dict[str, Any]] = []
    for file in sorted(files, key=rank):
        rep = file.get("appProperties", {}).get(tags.REP)
        if rep is None:
            continue
        if rep in chosen:
            extras.append(file)
        else:
            chosen[rep] = file
    return chosen, extras


def week_docs(gw: Gateway, user: str, team_id: str, week: str) -> dict[str, dict[str, Any]]:
    """The team's rep docs for a week, by rep e-mail (one files.list)."""
    return one_per_rep(week_doc_files(gw, user, team_id, week))[0]


def read_doc(gw: Gateway, user: str, doc_id: str) -> dict[str, Any]:
    """A doc's full content (every tab; suggestions inline so the parser can judge them)."""
    request = (
        gw.client("docs", user)
        .documents()
        .get(documentId=doc_id, includeTabsContent=True, suggestionsViewMode="SUGGESTIONS_INLINE")
    )
    doc: dict[str, Any] = gw.execute(request, user, f"1:1 doc {doc_id}")
    return doc
