"""The REST service (`formtally serve`): FastAPI routes over service.storage, with job workers.

`service.api.app.create_app(ApiSettings(...))` builds the app; this package imports nothing eagerly
so that the CLI does not load FastAPI unless it serves.
"""
