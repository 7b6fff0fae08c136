"""Benchmarks run on demand (`python benchmarks/run.py`), never by the test suite."""
