"""The static website of a ledger (`predictledger site OUTDIR`): plain files, one page per
author, claim, source, sector and horizon, rendered from Jinja2 templates.

Jinja2 is optional (`pip install 'predictledger[site]'`); nothing here imports it before a page
is rendered.
"""
