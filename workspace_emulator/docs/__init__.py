"""Google Docs v1: documents.create, get and batchUpdate (routes in ``urls``)."""
