"""JSON request bodies with every string made encodable before anything reads them.

JSON may spell a lone surrogate (``"\\ud83d"``, half an emoji cut from a longer string), and
Python decodes it into a string that cannot be stored, logged or even echoed back in an error
body: each such request was an HTTP 500. One route class for every API router turns each
into U+FFFD (:func:`suara.domain.encoding.encodable_data`), object keys included, before
validation sees the body.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from suara.domain.encoding import encodable_data


class _EncodableJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = encodable_data(json.loads(await self.body()))
        return self._json


class EncodableJsonRoute(APIRoute):
    """An API route whose JSON body is read through :func:`encodable_data`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def encodable_handler(request: Request) -> Response:
            return await handler(_EncodableJsonRequest(request.scope, request.receive))

        return encodable_handler
