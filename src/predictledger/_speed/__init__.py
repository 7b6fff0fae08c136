"""Optional accelerations of reading and scoring; the package works the same without them.

Each depends on the reading core (`_read`) and none is imported by it: `_loader` composes them
with the core, and the commands (`_cli`) use the memo and the collector pause. Each can be
turned off: `PREDICTLEDGER_NO_CACHE=1` or `--no-cache` (`cache`, `memo`), `PREDICTLEDGER_JOBS=1`
or `--jobs 1` (`parallel`), `PREDICTLEDGER_TOML=tomllib` (`toml_rs`).

* `cache`: each file's result kept between runs, as JSON (`codec`);
* `parallel`: helper processes that parse files;
* `toml_rs`: the optional fast TOML parser behind its screen;
* `memo`: rendered scorecards of unchanged ledgers;
* `store`: the private folder of each ledger that the cache and the memo share;
* `progress`: a progress bar for slow loads;
* `gc`: the cyclic garbage collector paused for a command.
"""
