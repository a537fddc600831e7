"""What the four emulated APIs share: the HTTP server and dispatch (``server``), the request,
error, route and store contract (``framework``), OAuth tokens and scopes (``auth``), batch
requests (``batch``), the ``fields`` parameter (``fields``), injected faults and call counts
(``faults``) and the read-only HTML view for people (``html``)."""
