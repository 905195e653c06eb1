"""The web app: a JSON API and an analyst UI over one store (see app.create_app)."""
from linkwatch.web.app import create_app

__all__ = ["create_app"]
