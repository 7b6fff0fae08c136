"""Read-only views of a ledger: the `list` and `due` entries, flat rows for export, text tables."""
