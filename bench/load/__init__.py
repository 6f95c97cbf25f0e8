"""Load and crash benchmarks of the REST service (`python -m bench.load`)."""
