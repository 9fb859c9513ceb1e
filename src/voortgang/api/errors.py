"""The API's errors: every error is JSON ``{"detail": …, "errors": [{"parameter", "message"}]}``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class ApiError(Exception):
    """An error response: ``status`` with ``detail`` and the parameters at fault."""

    def __init__(self, status: int, detail: str, errors: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = list(errors)

    @classmethod
    def bad_request(cls, errors: Iterable[tuple[str, str]]) -> ApiError:
        errors = list(errors)
        names = ", ".join(dict.fromkeys(name for name, _ in errors))
        return cls(400, f"invalid parameters: {names}", errors)

    def body(self) -> dict[str, Any]:
        return {
            "detail": self.detail,
            "errors": [{"parameter": p, "message": m} for p, m in self.errors],
        }
