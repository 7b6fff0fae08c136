"""The keeper's work: add, resolve, due and list, export; each a library function."""
