"""The REST API (django-ninja), mounted under ``/api/``."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="Voortgang API",
    version="1",
    description="Read-only access to the documents, records and links of Voortgang.",
    urls_namespace="api",
)
