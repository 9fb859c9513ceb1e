"""The REST API (django-ninja), mounted under ``/api/`` (docs/api.md).

- Endpoints: ``api/views.py`` (thin), reads: ``api/selectors.py`` and the tracker's.
- Errors are JSON ``{"detail": …, "errors": [{"parameter": …, "message": …}]}``: a bad
  parameter is 400 (ninja's own validation errors, 422 by default, included), an unknown
  object or path 404.
- Every GET answers with ``ETag``, ``Last-Modified`` and ``Cache-Control``, derived from the
  data version (``api_version()``) and the request's URL, and answers ``If-None-Match`` /
  ``If-Modified-Since`` with 304 before doing any work.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from ninja import NinjaAPI, Router
from ninja.errors import HttpError, ValidationError

from voortgang.api import selectors
from voortgang.api.errors import ApiError
from voortgang.api.views import router
from voortgang.tracker import selectors as tracker

#: How long a client or proxy may reuse a response without asking again.
MAX_AGE = 60
#: Bump when a response changes shape, so that cached ETags no longer match.
REVISION = "1"

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def _etag(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f'W/"{digest[:32]}"'


def docs_cache(view: View) -> View:
    """``/api/openapi.json`` and ``/api/docs``: an ETag of the content, and 304."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or not isinstance(response, HttpResponse):
            return response
        etag = _etag(REVISION, hashlib.sha256(response.content).hexdigest())
        response["ETag"] = etag
        response["Cache-Control"] = f"public, max-age={MAX_AGE}"
        conditional = get_conditional_response(request, etag=etag, response=response)
        return conditional if conditional is not None else response

    return cast(View, wrapper)


api = NinjaAPI(
    title="Voortgang API",
    version="1",
    description=(
        "Read-only access to the documents, records (measures, motions, commitments, CEDAW "
        "recommendations, results, challenges), themes, ministries, references and links of "
        "Voortgang. Lists are paged (`page`, `limit` ≤ 500) and take the site's filters; "
        "every error is JSON with `detail` and `errors`; responses carry `ETag` and "
        "`Last-Modified`. See docs/api.md."
    ),
    urls_namespace="api",
    docs_decorator=docs_cache,
)


def _json(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, body, status=status)


def _cache_headers(response: HttpResponseBase, etag: str, last_modified: int) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"


def conditional_get(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """ETag / Last-Modified on every GET, and 304 when the client's copy is current.

    The ETag hashes the data version, today's date (``overdue`` changes at midnight), the
    host and the full URL (the query included); Last-Modified is the latest change of the
    data, or midnight today when that is later."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method != "GET":
            return run(request, *args, **kwargs)
        for name, values in request.GET.lists():
            if any("\x00" in v for v in (name, *values)):
                body = ApiError.bad_request([(name, "contains a NUL character")]).body()
                return _json(request, 400, body)
        version = selectors.api_version()
        today = tracker.today()
        midnight = dt.datetime.combine(today, dt.time.min, tzinfo=timezone.get_current_timezone())
        changed = max(version.last_modified or midnight, midnight)
        last_modified = int(changed.timestamp())
        etag = _etag(
            REVISION,
            version.token,
            today.isoformat(),
            request.scheme or "",
            request.get_host(),
            request.get_full_path(),
        )
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            _cache_headers(not_modified, etag, last_modified)
            return not_modified
        response = run(request, *args, **kwargs)
        if response.status_code == 200:
            _cache_headers(response, etag, last_modified)
        return response

    return wrapper


api.add_decorator(conditional_get, mode="view")


# --- errors -------------------------------------------------------------------------------


def _parameter(loc: Any) -> str:
    parts = [str(p) for p in (loc or ()) if p not in ("query", "path", "body")]
    return parts[-1] if parts else "request"


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        (_parameter(e.get("loc")), str(e.get("msg", "invalid")).removeprefix("Value error, "))
        for e in exc.errors
    ]
    return _json(request, 400, ApiError.bad_request(errors).body())


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return _json(request, exc.status, exc.body())


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _json(request, 404, ApiError(404, "not found").body())


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _json(request, exc.status_code, ApiError(exc.status_code, str(exc)).body())


api.add_router("", router)

#: Anything else under /api/ is a JSON 404 (registered last, so it matches last).
_fallback = Router()


@_fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:path}", include_in_schema=False
)
def _unknown_path(request: HttpRequest, path: str) -> HttpResponse:
    raise ApiError(404, f"no such endpoint: /api/{path}")


api.add_router("", _fallback)
