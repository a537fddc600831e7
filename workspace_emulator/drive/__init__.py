"""Google Drive v3: files, permissions, comments, revisions, shared drives (routes in ``urls``)."""
