"""The ledger and other tools: SQL over the ledger (`query`), imports of one's own forecasts
from forecasting platforms (`fatebook`, `predictionbook`, `manifold`, `metaculus`), and exports
that read back (`records`, `parquet`).

Everything here reads the ledger through the public API and writes to it only through
`writing`, the one module that calls the ledger's writer.
"""
