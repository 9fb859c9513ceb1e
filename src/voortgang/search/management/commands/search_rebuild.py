"""``voortgang manage search_rebuild``: rebuild the search index from every record.

For a database whose documents were ingested before the search index existed, or to repair
the index; ``search_index_document`` keeps it current otherwise.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from voortgang.search.services import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text search index from every record."

    def handle(self, *args: Any, **options: Any) -> None:
        entries = search_index_rebuild()
        self.stdout.write(f"search index rebuilt: {entries} record(s)")
