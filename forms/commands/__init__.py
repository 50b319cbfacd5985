"""One module per API command, each declaring one CommandForm (forms/__init__.py finds them)."""
