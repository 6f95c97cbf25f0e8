"""The speed benchmark: `python -m bench.speed` (docs/benchmarks.md)."""
