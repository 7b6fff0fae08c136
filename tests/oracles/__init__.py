"""Reference implementations that only the tests use: readable, slow, and compared with the
shipped ones."""
