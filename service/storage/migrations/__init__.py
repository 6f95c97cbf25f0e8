"""Alembic migrations, shipped inside the package and run on open (service.storage.engine.migrate)."""
