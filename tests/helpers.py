"""Small helpers shared by tests (no Google calls)."""

from __future__ import annotations

import json
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def write_fake_service_account(path: Path, token_uri: str = "http://127.0.0.1:9/token") -> Path:
    """A syntactically valid service-account key (never used to reach Google)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    path.write_text(
        json.dumps(
            {
                "type": "service_account",
                "project_id": "test",
                "private_key_id": "k1",
                "private_key": pem,
                "client_email": "svc@test.iam.gserviceaccount.com",
                "client_id": "1",
                "token_uri": token_uri,
            }
        )
    )
    return path


def keep_first_team(config_dir: Path) -> Path:
    """Cut a copied example configuration down to its first team (East AEs, 10 reps), for
    tests written about one team; the sample org has three."""
    import yaml

    org_file = config_dir / "org.yaml"
    org = yaml.safe_load(org_file.read_text())
    org["teams"] = org["teams"][:1]
    org_file.write_text(yaml.safe_dump(org, sort_keys=False))
    return config_dir
