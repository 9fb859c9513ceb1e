"""The reporting round in the browser: accounts (login, logout, password reset) and round pages.

Views are thin: they read through :mod:`voortgang.rounds.selectors`, write through
:mod:`voortgang.rounds.services`, and turn a service's ``PermissionDenied`` into HTTP 403
(Django does that for an exception that leaves the view). Every round page needs a login; an
anonymous visitor is sent to the login page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from voortgang.core.wanneer import parse_wanneer
from voortgang.reports import ExportError
from voortgang.rounds import forms, ratelimit, selectors, services
from voortgang.rounds import permissions as perm
from voortgang.rounds.models import AuditEntry, Round, RoundItem
from voortgang.web import selectors as web_selectors


class LoginView(auth_views.LoginView):
    """Django's login with a database-backed rate limit (:mod:`voortgang.rounds.ratelimit`)."""

    template_name = "rounds/account/login.html"
    redirect_authenticated_user = False

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", ""))
        address = ratelimit.client_address(request)
        if ratelimit.login_blocked(username=username, address=address):
            context = self.get_context_data(
                form=self.get_form_class()(request), blocked=True, minutes=_window_minutes()
            )
            response = self.render_to_response(context, status=429)
            response["Retry-After"] = str(int(ratelimit.WINDOW.total_seconds()))
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.audit_log(
            user=form.get_user(),
            action=AuditEntry.Action.LOGIN,
            after={"ip": ratelimit.client_address(self.request)},
        )
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        username = str(self.request.POST.get("username", ""))
        if username.strip():
            ratelimit.login_failure_record(
                username=username, address=ratelimit.client_address(self.request)
            )
        return super().form_invalid(form)


def _window_minutes() -> int:
    return int(ratelimit.WINDOW.total_seconds() // 60)


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5); then back to the public site (``LOGOUT_REDIRECT_URL``)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            services.audit_log(user=request.user, action=AuditEntry.Action.LOGOUT)
        return super().post(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "rounds/account/password_reset_form.html"
    email_template_name = "rounds/account/password_reset_email.txt"
    subject_template_name = "rounds/account/password_reset_subject.txt"
    success_url = reverse_lazy("rounds:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "rounds/account/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "rounds/account/password_reset_confirm.html"
    success_url = reverse_lazy("rounds:password-reset-complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.audit_log(
            user=form.user, action=AuditEntry.Action.PASSWORD_CHANGE, after={"by": "e-mail"}
        )
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "rounds/account/password_reset_complete.html"


# --- round pages ----------------------------------------------------------------------------


#: The largest spreadsheet the upload form takes.
MAX_UPLOAD = 10 * 1024 * 1024

#: How the audit trail names the fields it shows.
FIELD_LABELS: dict[str, Any] = {
    "status": gettext_lazy("stand van zaken"),
    "when_raw": gettext_lazy("wanneer"),
    "ministries": gettext_lazy("wie"),
    "explanation": gettext_lazy("toelichting"),
    "state": gettext_lazy("toestand"),
    "version": gettext_lazy("versie"),
    "review_comment": gettext_lazy("opmerking"),
}


def _value_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if value is None:
        return ""
    return str(value)


def _audit_rows(
    entries: Any,
) -> list[tuple[Any, Any, list[tuple[Any, str]], list[tuple[Any, str]]]]:
    """Audit entries with their changed fields as (label, text) pairs, for the templates."""

    states = dict(RoundItem.State.choices)

    def text(key: str, value: Any) -> str:
        if key == "state" and value in states:
            return str(states[value])
        return _value_text(value)

    def pairs(values: dict[str, Any]) -> list[tuple[Any, str]]:
        return [(FIELD_LABELS.get(k, k), text(k, v)) for k, v in values.items()]

    labels = dict(AuditEntry.Action.choices)
    return [
        (e, labels.get(e.action, e.action), pairs(e.before or {}), pairs(e.after or {}))
        for e in entries
    ]


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _round_or_404(pk: int) -> Round:
    try:
        return selectors.round_get(pk)
    except Round.DoesNotExist as exc:
        raise Http404("no such round") from exc


def _item_or_404(request: HttpRequest, pk: int) -> RoundItem:
    try:
        return selectors.item_get(pk, request.user)
    except RoundItem.DoesNotExist as exc:
        raise Http404("no such item") from exc


def _require_staff(request: HttpRequest) -> None:
    perm.require(perm.can_view_round(request.user), _("U heeft geen rol in de rapportageronde."))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Every round; the open one first. Coordinator: open a new round."""
    _require_staff(request)
    return render(
        request,
        "rounds/index.html",
        {
            "rounds": list(selectors.round_list()),
            "current": selectors.round_current(),
            "can_open": perm.can_open_round(request.user),
            "role": perm.role_of(request.user),
        },
    )


@login_required
def round_open(request: HttpRequest) -> HttpResponse:
    """Open a round: name, dates, and the measures (the default selection pre-checked; the
    filters narrow what is shown and taken)."""
    perm.require(perm.can_open_round(request.user), _("Alleen de coördinator opent een ronde."))
    candidates = selectors.round_candidates()
    ministry = str(request.GET.get("ministry", "")).strip()
    document = str(request.GET.get("document", "")).strip()
    scope = str(request.GET.get("scope", "default"))
    shown = [
        c
        for c in candidates
        if (not ministry or ministry in c.ministries)
        and (not document or c.measure.document.name == document)
        and (scope == "all" or c.default)
    ]
    ids = [c.measure.pk for c in shown]
    if request.method == "POST":
        form = forms.RoundOpenForm(request.POST, measure_ids=ids)
        if form.is_valid():
            chosen = set(form.cleaned_data["measures"])
            try:
                round = services.round_open(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    reference_date=form.cleaned_data["reference_date"],
                    deadline=form.cleaned_data["deadline"],
                    measures=[c.measure for c in shown if c.measure.pk in chosen],
                )
            except services.RoundError as exc:
                forms.add_service_errors(form, exc)
            else:
                count = sum(selectors.round_state_counts(round).values())
                messages.success(
                    request,
                    ngettext(
                        "De ronde is geopend met %(n)d onderdeel.",
                        "De ronde is geopend met %(n)d onderdelen.",
                        count,
                    )
                    % {"n": count},
                )
                return redirect("rounds:round", pk=round.pk)
        checked = {int(v) for v in request.POST.getlist("measures") if v.isdigit()}
    else:
        form = forms.RoundOpenForm(measure_ids=ids)
        checked = {c.measure.pk for c in shown if c.default}
    documents = sorted({c.measure.document.name for c in candidates})
    return render(
        request,
        "rounds/open.html",
        {
            "form": form,
            "shown": shown,
            "checked": checked,
            "total": len(candidates),
            "defaults": sum(1 for c in candidates if c.default),
            "ministry": ministry,
            "document": document,
            "scope": scope,
            "documents": documents,
            "ministries": forms.ministry_choices(),
            "current": selectors.round_current(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _visible_progress(request: HttpRequest, round: Round) -> list[selectors.MinistryProgress]:
    progress = selectors.round_progress(round)
    if perm.role_of(request.user) == perm.EDITOR:
        mine = perm.user_ministries(request.user)
        progress = [p for p in progress if p.ministry in mine]
    return progress


def _round_context(
    request: HttpRequest, round: Round, *, state: str, ministry: str
) -> dict[str, Any]:
    items = selectors.round_items(
        round, request.user, ministry=ministry or None, state=state or None
    )
    progress = _visible_progress(request, round)
    user = request.user
    role = perm.role_of(user)
    own = sorted(perm.user_ministries(user)) if role == perm.EDITOR else []
    sheets = own if role == perm.EDITOR else [p.ministry for p in progress if p.ministry]
    return {
        "round": round,
        "items": list(items),
        "progress": progress,
        "state": state,
        "ministry": ministry,
        "states": [(s.value, s.label) for s in RoundItem.State],
        "role": role,
        "can_review": perm.can_review(user),
        "can_publish": perm.can_publish(user) and round.is_open,
        "can_remind": perm.can_remind(user) and round.is_open,
        "can_audit": perm.can_view_audit(user),
        "can_propose": round.is_open
        and (role == perm.COORDINATOR or (role == perm.EDITOR and bool(own))),
        "spreadsheet_ministries": sheets,
        "upload_form": forms.UploadForm(),
        "can_upload": round.is_open and role in (perm.EDITOR, perm.COORDINATOR),
    }


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The round: per ministry how far it is; the items (filter by state and ministry); the
    coordinator's actions (reminders, publish, audit export, spreadsheets)."""
    _require_staff(request)
    round = _round_or_404(pk)
    state = str(request.GET.get("state", ""))
    if state not in selectors.STATES:
        state = ""
    ministry = str(request.GET.get("ministry", ""))[:20]
    context = _round_context(request, round, state=state, ministry=ministry)
    return render(request, "rounds/round.html", context)


def _item_context(request: HttpRequest, item: RoundItem, **extra: Any) -> dict[str, Any]:
    user = request.user
    editable = (
        item.round.is_open
        and item.state != RoundItem.State.ACCEPTED
        and perm.can_edit_item(user, item)
    )
    due = parse_wanneer(item.when_raw)
    context: dict[str, Any] = {
        "item": item,
        "round": item.round,
        "editable": editable,
        "reviewable": item.round.is_open
        and perm.can_review(user)
        and item.state in (RoundItem.State.SUBMITTED, RoundItem.State.ACCEPTED),
        "due": due,
        "audit": _audit_rows(selectors.audit_for_item(item)),
        "can_audit": perm.can_view_audit(user),
        "review_form": forms.ReviewForm(),
    }
    context.update(extra)
    if "form" not in context and editable:
        context["form"] = forms.ItemForm(
            initial={
                "status": "" if item.status is None else str(item.status),
                "when_raw": item.when_raw,
                "ministries": list(item.ministries),
                "explanation": item.explanation,
                "version": item.version,
            }
        )
    return context


def _answer_changed(item: RoundItem, data: dict[str, Any]) -> bool:
    status = None if data["status"] in ("", None) else int(data["status"])
    return (
        status != item.status
        or data["when_raw"].strip() != item.when_raw
        or list(data["ministries"]) != list(item.ministries)
        or data["explanation"].strip() != item.explanation
    )


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One item: the answer's form (save as draft / submit), the review, the audit trail. A
    version conflict shows both versions side by side (HTTP 409)."""
    item = _item_or_404(request, pk)
    if request.method != "POST":
        return render(request, "rounds/item.html", _item_context(request, item))
    action = request.POST.get("action", "save")
    form = forms.ItemForm(request.POST)
    if not form.is_valid():
        return render(
            request, "rounds/item.html", _item_context(request, item, form=form), status=400
        )
    data = form.cleaned_data
    version = data["version"]
    try:
        if action != "submit" or _answer_changed(item, data) or item.version != version:
            item = services.round_item_save(
                user=request.user,
                item=item,
                version=version,
                status=data["status"],
                when_raw=data["when_raw"],
                ministries=data["ministries"],
                explanation=data["explanation"],
            )
            version = item.version
        if action == "submit":
            item = services.round_item_submit(user=request.user, item=item, version=version)
    except services.EditConflict as conflict:
        return render(
            request,
            "rounds/conflict.html",
            {
                "item": item,
                "round": item.round,
                "mine": conflict.mine,
                "theirs": conflict.theirs,
                "action": action,
                "theirs_state": _state_text(conflict.theirs.get("state")),
                "mine_status": _status_text(conflict.mine.get("status")),
                "theirs_status": _status_text(conflict.theirs.get("status")),
            },
            status=409,
        )
    except services.RoundError as exc:
        forms.add_service_errors(form, exc)
        item = _item_or_404(request, item.pk)
        return render(
            request, "rounds/item.html", _item_context(request, item, form=form), status=400
        )
    if action == "submit":
        messages.success(request, _("Het antwoord is ingediend bij de coördinator."))
    else:
        messages.success(request, _("Het concept is opgeslagen."))
    return redirect("rounds:item", pk=item.pk)


def _state_text(value: Any) -> str:
    return str(dict(RoundItem.State.choices).get(str(value), value or ""))


def _status_text(value: Any) -> str:
    labels = dict(forms.STATUS_CHOICES)
    key = "" if value in (None, "") else str(value)
    return str(labels.get(key, key))


@login_required
@require_POST
def item_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, or return with a comment. With htmx only the review section comes back."""
    item = _item_or_404(request, pk)
    form = forms.ReviewForm(request.POST)
    action = request.POST.get("action", "")
    status = 200
    if form.is_valid():
        try:
            if action == "accept":
                item = services.round_item_accept(user=request.user, item=item)
                messages.success(request, _("Het antwoord is geaccepteerd."))
            elif action == "return":
                item = services.round_item_return(
                    user=request.user, item=item, comment=form.cleaned_data["comment"]
                )
                messages.success(request, _("Het antwoord is teruggestuurd naar het ministerie."))
            else:
                form.add_error(None, _("Kies accepteren of terugsturen."))
        except services.RoundError as exc:
            forms.add_service_errors(form, exc)
    if form.errors and not _is_htmx(request):
        status = 400  # htmx swaps only 2xx answers: the fragment with the errors comes as 200
    if _is_htmx(request) and request.POST.get("row"):
        # A row of the round's list: the row again, with the new state (and the focus on it).
        errors = [str(e) for errors in form.errors.values() for e in errors]
        context = {
            "item": item,
            "round": item.round,
            "can_review": perm.can_review(request.user),
            "swapped": True,
            "row_error": "; ".join(errors),
        }
        return render(request, "rounds/_item_row.html", context, status=status)
    if _is_htmx(request) or form.errors:
        context = _item_context(request, item, review_form=form, swapped=_is_htmx(request))
        template = "rounds/_review.html" if _is_htmx(request) else "rounds/item.html"
        return render(request, template, context, status=status)
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("rounds:item", pk=item.pk)


@login_required
def item_propose(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    round = _round_or_404(pk)
    if request.method == "POST":
        form = forms.ProposeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = services.round_item_propose(
                    user=request.user,
                    round=round,
                    title=data["title"],
                    theme_name=data["theme_name"],
                    ministries=data["ministries"],
                    status=data["status"],
                    when_raw=data["when_raw"],
                    explanation=data["explanation"],
                )
            except services.RoundError as exc:
                forms.add_service_errors(form, exc)
            else:
                messages.success(request, _("De nieuwe maatregel is als concept opgeslagen."))
                return redirect("rounds:item", pk=item.pk)
        status = 400
    else:
        initial = {}
        if perm.role_of(request.user) == perm.EDITOR:
            initial["ministries"] = sorted(perm.user_ministries(request.user))
        form = forms.ProposeForm(initial=initial)
        status = 200
    return render(request, "rounds/propose.html", {"form": form, "round": round}, status=status)


@login_required
@require_POST
def round_remind(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round_or_404(pk)
    try:
        reminders = services.round_remind(user=request.user, round=round)
    except services.RoundError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect("rounds:round", pk=round.pk)
    sent = [r for r in reminders if r.sent]
    unsent = [r.ministry for r in reminders if not r.sent]
    if not reminders:
        messages.info(request, _("Geen herinneringen nodig: geen enkel onderdeel is onaangeroerd."))
    else:
        messages.success(
            request,
            ngettext(
                "Herinnering verstuurd aan %(n)d ministerie: %(codes)s.",
                "Herinnering verstuurd aan %(n)d ministeries: %(codes)s.",
                len(sent),
            )
            % {"n": len(sent), "codes": ", ".join(r.ministry for r in sent) or "–"},
        )
    if unsent:
        messages.warning(
            request,
            _("Geen e-mailadres bekend voor: %(codes)s.") % {"codes": ", ".join(unsent)},
        )
    return redirect("rounds:round", pk=round.pk)


@login_required
def round_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page (GET), then publish (POST)."""
    round = _round_or_404(pk)
    perm.require(perm.can_publish(request.user), _("Alleen de coördinator publiceert een ronde."))
    error = ""
    if request.method == "POST":
        try:
            document = services.round_publish(user=request.user, round=round)
        except services.RoundError as exc:
            error = "; ".join(exc.messages)
        else:
            messages.success(
                request,
                _("De ronde is gepubliceerd als %(name)s.") % {"name": document.name},
            )
            return redirect("rounds:round", pk=round.pk)
    counts = {**dict.fromkeys(selectors.STATES, 0), **selectors.round_state_counts(round)}
    return render(
        request,
        "rounds/publish.html",
        {"round": round, "counts": counts, "error": error},
        status=400 if error else 200,
    )


@login_required
def round_audit_csv(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round_or_404(pk)
    perm.require(perm.can_view_audit(request.user), _("Alleen coördinator en meelezers."))
    response = HttpResponse(selectors.audit_export(round), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-ronde-{round.pk}.csv"'
    return response


@login_required
def measure_audit(request: HttpRequest, uid: str) -> HttpResponse:
    """The audit trail of one measure over every round (linked from its public page)."""
    perm.require(perm.can_view_audit(request.user), _("Alleen coördinator en meelezers."))
    measure = web_selectors.record_detail(uid=uid)
    if measure is None:
        raise Http404("no such record")
    return render(
        request,
        "rounds/measure_audit.html",
        {"measure": measure, "audit": _audit_rows(selectors.audit_for_measure(measure))},
    )


@login_required
def wanneer_preview(request: HttpRequest) -> HttpResponse:
    """The period a ``wanneer`` text is read as (htmx, while the editor types)."""
    _require_staff(request)
    due = parse_wanneer(str(request.GET.get("when_raw", ""))[:500])
    return render(request, "rounds/_due.html", {"due": due})


@login_required
def spreadsheet_download(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """A ministry's items as the XLSX workbook to fill in (``rounds.spreadsheets``)."""
    from voortgang.rounds import spreadsheets

    _require_staff(request)
    round = _round_or_404(pk)
    if perm.role_of(request.user) == perm.EDITOR:
        perm.require(
            code in perm.user_ministries(request.user),
            _("U kunt alleen de spreadsheet van uw eigen ministerie downloaden."),
        )
    try:
        export = spreadsheets.round_spreadsheet_export(round=round, ministry=code)
    except ExportError as exc:
        raise Http404(str(exc)) from None
    response = HttpResponse(export.content, content_type=export.mimetype)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@login_required
def spreadsheet_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a filled-in workbook: every error with sheet, row and column, or every changed
    row saved as a draft (nothing is saved when there is any error)."""
    _require_staff(request)
    round = _round_or_404(pk)
    if request.method != "POST":
        return redirect("rounds:round", pk=round.pk)
    role = perm.role_of(request.user)
    perm.require(
        role in (perm.EDITOR, perm.COORDINATOR),
        _("Alleen redacteuren en de coördinator lezen een spreadsheet in."),
    )
    form = forms.UploadForm(request.POST, request.FILES)
    errors: list[Any] = []
    if form.is_valid():
        from voortgang.rounds import spreadsheets

        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", _("Het bestand is groter dan 10 MB."))
        else:
            result = spreadsheets.round_spreadsheet_import(
                round=round, user=request.user, data=upload.read(), name=upload.name
            )
            if result.ok:
                messages.success(
                    request,
                    ngettext(
                        "De spreadsheet is ingelezen: %(n)d onderdeel opgeslagen als concept, "
                        "%(same)d ongewijzigd. Controleer het en dien het in.",
                        "De spreadsheet is ingelezen: %(n)d onderdelen opgeslagen als concept, "
                        "%(same)d ongewijzigd. Controleer ze en dien ze in.",
                        len(result.updated),
                    )
                    % {"n": len(result.updated), "same": result.unchanged},
                )
                return redirect("rounds:round", pk=round.pk)
            errors = list(result.errors)
    context = _round_context(request, round, state="", ministry="")
    context.update({"upload_form": form, "upload_errors": errors})
    return render(request, "rounds/round.html", context, status=400)
