"""Drive v3's route table: every emulated method, its path and the scopes that allow it.

Handlers live in ``files`` (files.*, about), ``uploads`` (media uploads), ``sharing``
(permissions, comments, revisions, shared drives) and ``v2`` (the one v2 call: a converting
media upload); who may see what is in ``acl``, the ``q``
language in ``query``.
"""

from __future__ import annotations

from workspace_emulator.core import auth
from workspace_emulator.core.framework import Api, Handler
from workspace_emulator.drive import files, sharing, uploads, v2

API = Api("drive", "google")
READ = (auth.DRIVE, auth.DRIVE_FILE, auth.DRIVE_READONLY, auth.DRIVE_METADATA_READONLY)
WRITE = (auth.DRIVE, auth.DRIVE_FILE)
_FILES = r"/drive/v3/files"
_FILE = _FILES + r"/(?P<fileId>[^/]+)"
_PERMISSION = _FILE + r"/permissions/(?P<permissionId>[^/]+)"

ROUTES: list[tuple[str, str, tuple[str, ...], Handler]] = [
    ("POST", _FILES, WRITE, files.files_create),
    ("POST", r"/upload/drive/v3/files", WRITE, uploads.files_upload),
    ("PUT", r"/upload/drive/v3/files", WRITE, uploads.files_upload_resumed),
    ("PATCH", r"/upload/drive/v3/files/(?P<fileId>[^/]+)", WRITE, uploads.files_update_upload),
    ("GET", _FILE, READ, files.files_get),
    ("GET", _FILES, READ, files.files_list),
    ("PATCH", _FILE, WRITE, files.files_update),
    ("POST", _FILE + r"/copy", WRITE, files.files_copy),
    ("DELETE", _FILE, WRITE, files.files_delete),
    ("GET", _FILE + r"/export", READ, files.files_export),
    ("GET", r"/drive/v3/about", READ, files.about_get),
    ("POST", _FILE + r"/permissions", WRITE, sharing.permissions_create),
    ("GET", _FILE + r"/permissions", READ, sharing.permissions_list),
    ("DELETE", _PERMISSION, WRITE, sharing.permissions_delete),
    ("PATCH", _PERMISSION, WRITE, sharing.permissions_update),
    ("GET", _FILE + r"/comments", READ, sharing.comments_list),
    ("POST", _FILE + r"/comments", WRITE, sharing.comments_create),
    ("GET", _FILE + r"/revisions", READ, sharing.revisions_list),
    ("GET", _FILE + r"/revisions/(?P<revisionId>[^/]+)", READ, sharing.revisions_get),
    ("POST", r"/drive/v3/drives", WRITE, sharing.drives_create),
    ("PUT", r"/upload/drive/v2/files/(?P<fileId>[^/]+)", WRITE, v2.files_update_media),
    ("GET", r"/drive/v3/drives", READ, sharing.drives_list),
]
for _method, _pattern, _scopes, _handler in ROUTES:
    API.route(_method, _pattern, scopes=_scopes)(_handler)
