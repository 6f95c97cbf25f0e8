"""The accuracy benchmark: `python -m bench.accuracy` (docs/benchmarks.md)."""
