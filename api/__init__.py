"""The HTTP face of the advisor: FastAPI app factory, routes, the web page."""

from api.app import create_app

__all__ = ["create_app"]
