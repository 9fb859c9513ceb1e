"""Pages of the links (docs/linking.md): the coordinator's review of proposed links
(``/koppelingen/``, coordinator and reviewer; only the coordinator decides) and the public gap
view (``/hiaten/``). Thin views: reads through :mod:`voortgang.linking.selectors` and
:mod:`voortgang.linking.gaps`, decisions through :func:`voortgang.linking.services.link_decide`
(which checks the role: ``PermissionDenied`` becomes HTTP 403)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from voortgang.linking import gaps as gap_selectors
from voortgang.linking import selectors
from voortgang.linking.models import Link
from voortgang.linking.proposals import SAME_FLOOR
from voortgang.linking.services import LinkConflict, link_add, link_decide
from voortgang.rounds import permissions as perm

#: Links per page of the review.
PER_PAGE = 20


def _may_view(user: Any) -> bool:
    return perm.role_of(user) in (perm.COORDINATOR, perm.REVIEWER)


def _may_decide(user: Any) -> bool:
    return perm.role_of(user) == perm.COORDINATOR


def _next_url(request: HttpRequest, default: str) -> str:
    """The POST's ``next`` when it is a page of this site, else ``default``."""
    next_url = str(request.POST.get("next", ""))
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return next_url
    return default


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _filters(request: HttpRequest) -> selectors.ReviewFilters:
    """The filters from the query string; an unknown value is ignored."""
    status = str(request.GET.get("status", "proposed"))
    if status not in selectors.REVIEW_STATUSES:
        status = "proposed"
    kind = str(request.GET.get("kind", ""))
    if kind not in Link.Kind.values:
        kind = ""
    pair: tuple[int, int] | None = None
    raw = str(request.GET.get("pair", ""))
    parts = raw.split("-")
    if len(parts) == 2 and all(p.isdigit() and len(p) < 10 for p in parts):
        pair = (int(parts[0]), int(parts[1]))
    automatic = {"1": True, "0": False}.get(str(request.GET.get("automatic", "")))
    uid = str(request.GET.get("record", ""))
    record = selectors.record_get(uid=uid) if 0 < len(uid) <= 200 else None
    return selectors.ReviewFilters(
        status=status, kind=kind, pair=pair, automatic=automatic, record=record
    )


def _query(filters: selectors.ReviewFilters) -> dict[str, str]:
    query = {"status": filters.status}
    if filters.kind:
        query["kind"] = filters.kind
    if filters.pair:
        query["pair"] = f"{filters.pair[0]}-{filters.pair[1]}"
    if filters.automatic is not None:
        query["automatic"] = "1" if filters.automatic else "0"
    if filters.record is not None:
        query["record"] = filters.record.uid
    return query


@login_required
def review(request: HttpRequest) -> HttpResponse:
    """Proposed (or decided) links with both records side by side and the evidence."""
    if not _may_view(request.user):
        raise PermissionDenied(_("Alleen de coördinator en meelezers zien de koppelingen."))
    filters = _filters(request)
    paginator = Paginator(selectors.review_queryset(filters=filters), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    rows = selectors.review_rows(list(page.object_list))
    groups: list[tuple[str, Any, list[Any]]] = []
    labels = dict(Link.Kind.choices)
    for i, row in enumerate(rows):
        if not groups or groups[-1][0] != row.link.kind:
            groups.append((row.link.kind, labels[row.link.kind], []))
        following = rows[i + 1].link.pk if i + 1 < len(rows) else None
        groups[-1][2].append((row, following))
    query = _query(filters)
    counts = selectors.review_counts()
    return render(
        request,
        "linking/review.html",
        {
            "filters": filters,
            "groups": groups,
            "page": page,
            "filter_query": urlencode(query),
            "unscoped_query": urlencode({k: v for k, v in query.items() if k != "record"}),
            "pairs": selectors.review_document_pairs(),
            "kinds": Link.Kind.choices,
            "counts": [
                (label, [(s_label, counts.get((kind, s), 0)) for s, s_label in Link.Status.choices])
                for kind, label in Link.Kind.choices
            ],
            "can_decide": _may_decide(request.user),
            "here": request.get_full_path(),
        },
    )


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, reject or reopen a link. With htmx the link's block comes back (and the next
    link's, out of band, with the focus on its first button); without, a redirect back."""
    link = selectors.link_get(pk=pk)
    if link is None:
        raise Http404(_("Geen koppeling met dit nummer."))
    status = str(request.POST.get("decision", ""))
    if status not in Link.Status.values:
        return HttpResponseBadRequest(_("Kies accepteren, afwijzen of heropenen."))
    error = ""
    try:
        link_decide(link=link, status=status, user=request.user)
    except LinkConflict as exc:
        error = " ".join(exc.messages)
    next_url = _next_url(request, reverse("linking:review"))
    if _is_htmx(request):
        rows = [selectors.link_get(pk=pk)]
        following = str(request.POST.get("following", ""))
        ok = following.isdigit() and len(following) < 10
        nxt = selectors.link_get(pk=int(following)) if ok else None
        if nxt is not None and not error:
            rows.append(nxt)
        review_rows = selectors.review_rows([row for row in rows if row is not None])
        return render(
            request,
            "linking/_decided.html",
            {
                "row": review_rows[0],
                "next_row": review_rows[1] if len(review_rows) > 1 else None,
                "following_pk": following if ok else None,
                "last": len(review_rows) == 1 and not error,
                "error": error,
                "can_decide": True,
                "here": next_url,
            },
        )
    if error:
        messages.error(request, error)
    else:
        done = {
            "accepted": _("Koppeling geaccepteerd."),
            "rejected": _("Koppeling afgewezen."),
            "proposed": _("Koppeling heropend."),
        }
        messages.success(request, done[status])
    return redirect(f"{next_url.split('#')[0]}#link-{pk}")


#: Candidates shown when linking by hand.
CANDIDATES = 12


@login_required
def candidates(request: HttpRequest) -> HttpResponse:
    """Same-measure pairs below the proposer's floor, for the coordinator to link or to set
    aside (:func:`~voortgang.linking.selectors.same_measure_candidates`); each decision is a
    POST to :func:`make` and comes back here."""
    if not _may_view(request.user):
        raise PermissionDenied(_("Alleen de coördinator en meelezers zien de koppelingen."))
    pairs = selectors.same_measure_candidates()
    following = list(zip(pairs, [*pairs[1:], None], strict=True))
    return render(
        request,
        "linking/candidates.html",
        {
            "pairs": following,
            "floor": selectors.SUGGEST_FLOOR,
            "proposal_floor": SAME_FLOOR,
            "can_decide": _may_decide(request.user),
        },
    )


@login_required
def make(request: HttpRequest, uid: str) -> HttpResponse:
    """Link a record by hand (coordinator): the records of other documents it could be
    linked to, best score first and below the proposer's floor too, narrowed by a search;
    POST ``other=<uid>`` links the two (:func:`~voortgang.linking.services.link_add`)."""
    if not _may_decide(request.user):
        raise PermissionDenied(_("Alleen de coördinator maakt koppelingen."))
    measure = selectors.record_get(uid=uid)
    if measure is None:
        raise Http404(_("Geen record met deze code."))
    error = ""
    if request.method == "POST":
        other = selectors.record_get(uid=str(request.POST.get("other", ""))[:200])
        if other is None:
            return HttpResponseBadRequest(_("Kies een record om mee te koppelen."))
        decision = str(request.POST.get("decision", Link.Status.ACCEPTED))
        if decision not in (Link.Status.ACCEPTED, Link.Status.REJECTED):
            return HttpResponseBadRequest(_("Onbekend besluit."))
        try:
            link_add(measure=measure, other=other, user=request.user, status=decision)
        except (LinkConflict, ValidationError) as exc:
            error = " ".join(exc.messages)
        else:
            if decision == Link.Status.REJECTED:
                messages.success(request, _("Vastgelegd: deze twee horen niet bij elkaar."))
            else:
                messages.success(request, _("Koppeling gemaakt en geaccepteerd."))
            # From the gap view back to it; else to the record, where the link now shows.
            return redirect(
                _next_url(request, reverse("web:record", args=[measure.uid]) + "#h-timeline")
            )
    query = str(request.GET.get("q", "")).strip()[:200]
    context = {
        "m": measure,
        "q": query,
        "candidates": selectors.link_candidates(measure=measure, query=query, limit=CANDIDATES),
        "linkable": selectors.record_linkable(measure=measure),
        "error": error,
    }
    if _is_htmx(request) and request.method == "GET":
        return render(request, "linking/_candidates.html", context)
    return render(request, "linking/make.html", context, status=400 if error else 200)


def gaps(request: HttpRequest) -> HttpResponse:
    """Recommendations without a measure; measures that vanished between two documents.
    The coordinator also sees, for a vanished measure without a proposal, the record of the
    next document most like it, with a button to link the two."""
    report = gap_selectors.gap_report()
    suggestions = {}
    if _may_decide(request.user):
        suggestions = selectors.successor_suggestions(
            wanted=[(v.record.uid, v.next_document) for v in report.vanished if not v.proposed]
        )
    return render(request, "linking/gaps.html", {"gaps": report, "suggestions": suggestions})
