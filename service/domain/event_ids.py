"""Deterministic Calendar event ids, so a re-run can never book the same 1:1 twice.

Calendar accepts client-supplied ids of base32hex characters (a-v, 0-9), 5-1024 long; an id
used once stays taken even after the event is deleted (GOOGLE-FACTS, Calendar).
"""

from __future__ import annotations

import base64
import hashlib

from service.domain.week import Week


def event_id(kind: str, team_id: str, rep_email: str, week: Week) -> str:
    """The id of our ``kind`` event (1:1, fill-in block, development session) for a rep and
    week."""
    digest = hashlib.sha256(f"{kind}|{team_id}|{rep_email}|{week.label}".encode()).digest()
    return base64.b32hexencode(digest[:20]).decode("ascii").lower().rstrip("=")
