"""Thin views over selectors. The full public site comes with a later issue."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from voortgang.tracker.selectors import document_list, measure_queryset, record_from_measure


def record_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(measure_queryset(), 100).get_page(request.GET.get("page"))
    records = [record_from_measure(m) for m in page.object_list]
    return render(request, "web/records.html", {"page": page, "records": records})


def document_index(request: HttpRequest) -> HttpResponse:
    return render(request, "web/documents.html", {"documents": document_list()})
