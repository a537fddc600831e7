"""The pure domain: no Google, Flask or YAML in here."""
