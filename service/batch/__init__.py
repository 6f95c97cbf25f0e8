"""Batch processing: `formtally scan`, its executors (process pool, Ray) and workers."""
