"""The keeper's work that writes: add and resolve, each a library function."""
