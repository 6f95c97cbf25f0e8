"""Service layer: CLI, storage, batch processing and the REST API."""
