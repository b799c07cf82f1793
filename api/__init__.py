"""The HTTP service: a FastAPI app over the store, for other services."""
