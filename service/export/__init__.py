"""Exports of stored results: JSON (the contract), CSV, Excel (mirrors the paper form) and HTML."""
