"""Throughput of `formtally scan`: process pools and Ray, interleaved (run it as `python -m bench.scan_throughput`)."""
