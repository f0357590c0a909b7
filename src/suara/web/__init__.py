"""The web app: the response API under ``/api/v1`` and the public survey pages.

Built by :func:`create_app` from a :class:`~suara.app.Suara`, never at import time, so tests and
``suara serve`` each get their own app bound to their own store.
"""

from suara.web.factory import create_app

__all__ = ["create_app"]
