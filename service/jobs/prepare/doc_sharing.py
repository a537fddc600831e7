"""Privacy drift on the reps' 1:1 docs: put each doc's sharing back to what privacy allows.

A rep can open their doc as a writer, and a writer may share: with another rep, with "anyone
with the link", with the whole domain. Nothing else would notice, so every ``prepare`` and
``collect`` compares each doc's permissions with who may open it (the rep, the manager, and
the director when ``privacy.share_docs_with_director`` is on) and removes the rest, acting as
the manager, who owns the doc. The permissions come with the ``files.list`` that found the
docs (``service.google.drive.SHARING_FIELDS``): a run with nothing to fix costs no call, and
the fixes go in one Drive batch. Access a doc inherits from its folders is left alone here:
the folders' sharing is kept exact by ``service.jobs.install.folders``.

What was removed is reported as counts and kinds ("anyone with the link, 1 user"), never the
addresses it was shared with: in the job's counts (``doc_shares_removed``, on ``/status``), a
warning per rep, and the rep's flags on the tracker.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping
from typing import Any

from service.domain.model import Team
from service.errors import WorkspaceError
from service.jobs.base import Deps, TeamReport

log = logging.getLogger(__name__)


def allowed_readers(deps: Deps, team: Team, rep_email: str) -> set[str]:
    """Who may open a rep's doc besides its owner (lower-case addresses)."""
    allowed = {rep_email.lower(), team.manager.email.lower()}
    if team.director and deps.config.program.privacy.share_docs_with_director:
        allowed.add(team.director.email.lower())
    return allowed


def extra_permissions(file: Mapping[str, Any], allowed: set[str]) -> list[dict[str, Any]]:
    """The permissions of ``file`` that privacy does not allow (never the owner's, never one
    the file only inherits from a folder)."""
    extra = []
    for perm in file.get("permissions", []):
        if perm.get("role") == "owner" or _inherited_only(perm):
            continue
        email = str(perm.get("emailAddress", "")).lower()
        if perm.get("type") == "user" and email in allowed:
            continue
        extra.append(perm)
    return extra


def _inherited_only(perm: Mapping[str, Any]) -> bool:
    details = perm.get("permissionDetails") or []
    return bool(details) and all(d.get("inherited") for d in details)


def kinds(perms: list[dict[str, Any]]) -> str:
    """What a list of permissions reaches, without addresses: "anyone with the link, 2 users"."""
    said = Counter(_kind(perm) for perm in perms)
    parts = []
    for kind, n in sorted(said.items()):
        if kind in ("user", "group"):
            parts.append(f"{n} {kind}{'s' if n > 1 else ''}")
        else:
            parts.append(kind)
    return ", ".join(parts)


def _kind(perm: Mapping[str, Any]) -> str:
    kind = str(perm.get("type", "?"))
    if kind == "anyone":
        return "anyone with the link"
    if kind == "domain":
        return f"the domain {perm.get('domain', '')}".rstrip()
    return kind


def fix_doc_sharing(
    deps: Deps, team: Team, docs: Mapping[str, Mapping[str, Any]], report: TeamReport
) -> dict[str, str]:
    """Remove every share of the team's docs that privacy does not allow (one Drive batch as
    the manager; in a dry run only say so). Returns rep -> what was removed, for the flags."""
    found = {
        rep: extra
        for rep, file in docs.items()
        if file.get("id") and (extra := extra_permissions(file, allowed_readers(deps, team, rep)))
    }
    if not found:
        return {}
    if deps.dry_run:
        for rep, extra in found.items():
            report.actions.append(f"would remove {kinds(extra)} from the doc of {rep}")
        return {rep: kinds(extra) for rep, extra in found.items()}
    manager = team.manager.email
    drive = deps.gateway.client("drive", manager)
    calls = [
        (
            f"{rep}|{perm['id']}",
            drive.permissions().delete(
                fileId=docs[rep]["id"], permissionId=perm["id"], supportsAllDrives=True
            ),
        )
        for rep, extra in found.items()
        for perm in extra
    ]
    results = deps.gateway.execute_batch("drive", manager, calls, "1:1 doc sharing")
    removed: dict[str, str] = {}
    count = 0
    for rep, extra in found.items():
        gone = [p for p in extra if not isinstance(results.get(f"{rep}|{p['id']}"), WorkspaceError)]
        if len(gone) < len(extra):
            left = kinds([p for p in extra if p not in gone])
            report.warnings.append(f"{rep}: could not remove {left} from their doc; re-run")
        if gone:
            count += len(gone)
            removed[rep] = kinds(gone)
            report.count("doc_shares_removed", len(gone))
            report.warnings.append(
                f"{rep}: their doc was shared beyond privacy; removed {removed[rep]}"
            )
            report.actions.append(f"removed {removed[rep]} from the doc of {rep}")
    log.info(
        "%s %s: %d share(s) removed from %d doc(s)",
        report.job, team.id, count, len(removed),
    )  # fmt: skip
    return removed
