"""Least privilege and secrets: the scopes asked for are the documented minimal list, and the
repository holds no credentials."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from service.google.credentials import CredentialSource
from service.google.scopes import DRIVE_READONLY, SCOPES, scopes_for
from tests.helpers import write_fake_service_account

ROOT = Path(__file__).resolve().parents[2]
SECRET_PATTERNS = (
    re.compile(r"-----BEGIN (RSA |EC |OPENSSH )?PRIVATE KEY-----"),
    re.compile(r'"private_key"\s*:\s*"-----BEGIN'),
    re.compile(r"AKIA[0-9A-Z]{16}"),  # AWS access key id
    re.compile(r"AIza[0-9A-Za-z_\-]{35}"),  # Google API key
    re.compile(r"ya29\.[0-9A-Za-z_\-]{20,}"),  # Google OAuth access token
    re.compile(r'"refresh_token"\s*:\s*"1//'),  # Google OAuth refresh token
)


def test_readme_documents_exactly_the_scopes_requested() -> None:
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"`(https://www\.googleapis\.com/auth/[a-z._]+)`", readme))
    assert documented == set(SCOPES) | {DRIVE_READONLY}  # the last one only when asked for


def test_drive_readonly_is_asked_for_only_with_a_customer_template() -> None:
    assert scopes_for(customer_templates=False) == SCOPES
    assert scopes_for(customer_templates=True) == (*SCOPES, DRIVE_READONLY)


def test_credentials_request_only_the_minimal_scopes(tmp_path: Path) -> None:
    key = write_fake_service_account(tmp_path / "key.json")
    source = CredentialSource("service_account", key)
    delegated = source.for_user("morgan.manager@example.com")
    assert tuple(delegated._scopes) == SCOPES  # what the JWT grant will ask for
    assert not any(s.endswith(("/auth/drive", "/auth/calendar")) for s in SCOPES)


def test_no_secrets_in_the_repository() -> None:
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    leaks = []
    for name in filter(None, files):
        path = ROOT / name.decode()
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        text = path.read_text(errors="ignore")
        leaks += [f"{name.decode()}: {p.pattern}" for p in SECRET_PATTERNS if p.search(text)]
    assert leaks == []
