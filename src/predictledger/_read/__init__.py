"""Reading a ledger: files → TOML tables with their lines → records, fast and cached."""
