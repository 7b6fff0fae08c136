"""Writing a ledger: append rendered records under a lock, atomically, after re-reading."""
