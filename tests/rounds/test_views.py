"""The reporting round's pages with Django's test client, on the sample corpus (SQLite and
PostgreSQL): who gets which page (200/302/403), CSRF, the login rate limit, the password reset
mail, the conflict page, bad input (a form with errors, never a 500), the whole round."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from voortgang.rounds import services
from voortgang.rounds.models import AuditEntry, Round, RoundItem
from voortgang.tracker.models import Measure
from voortgang.tracker.services import documents_ingest

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "voortgang" / "samples"
PASSWORD = "Kwartaal-rapportage-2025"
REFERENCE = dt.date(2025, 1, 1)
DEADLINE = dt.date(2025, 3, 1)
ROLES = ("coordinator", "szw", "ocw", "reviewer")


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def corpus(db: None) -> None:
    documents_ingest(paths=sorted(SAMPLES.glob("*.txt")))


@pytest.fixture
def people(db: None) -> dict[str, Any]:
    def make(name: str, role: str, *ministries: str) -> Any:
        return services.account_create(
            username=name,
            password=PASSWORD,
            role=role,
            ministries=ministries,
            email=f"{name}@example.nl",
        )

    nobody = get_user_model().objects.create_user("nora", "nora@example.nl", PASSWORD)
    return {
        "coordinator": make("coco", "coordinator"),
        "szw": make("sanne", "editor", "SZW"),
        "ocw": make("otto", "editor", "OCW"),
        "reviewer": make("rita", "reviewer"),
        "no_account": nobody,
    }


@pytest.fixture
def opened(corpus: None, people: dict[str, Any]) -> Round:
    return services.round_open(
        user=people["coordinator"], name="Ronde 2025", reference_date=REFERENCE, deadline=DEADLINE
    )


def owned_only_by(round: Round, code: str) -> RoundItem:
    for item in round.items.order_by("position", "id"):
        if item.owners == [code]:
            return item
    raise AssertionError(f"no item owned by {code} alone")


def as_user(user: Any, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def body(response: Any) -> str:
    return str(response.content.decode("utf-8"))


def answer(item: RoundItem, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "status": "" if item.status is None else str(item.status),
        "when_raw": item.when_raw,
        "ministries": list(item.ministries),
        "explanation": item.explanation,
        "version": str(item.version),
        "action": "save",
    }
    data.update(changes)
    return data


# --- who may see what ----------------------------------------------------------------------


def _pages(round: Round, szw: RoundItem, ocw: RoundItem) -> dict[str, str]:
    measure = szw.measure
    assert measure is not None
    return {
        "index": "/ronde/",
        "open": "/ronde/nieuw/",
        "round": f"/ronde/{round.pk}/",
        "round_filtered": f"/ronde/{round.pk}/?state=untouched&ministry=SZW",
        "szw_item": f"/ronde/onderdeel/{szw.pk}/",
        "ocw_item": f"/ronde/onderdeel/{ocw.pk}/",
        "propose": f"/ronde/{round.pk}/voorstel/",
        "publish": f"/ronde/{round.pk}/publiceren/",
        "audit_csv": f"/ronde/{round.pk}/audit.csv",
        "measure_audit": f"/ronde/record/{measure.uid}/audit/",
        "szw_sheet": f"/ronde/{round.pk}/spreadsheet/SZW.xlsx",
        "wanneer": "/ronde/wanneer/?when_raw=Q3+2025",
    }


#: page → the status each role gets (coordinator, SZW editor, OCW editor, reviewer).
EXPECTED = {
    "index": (200, 200, 200, 200),
    "open": (200, 403, 403, 403),
    "round": (200, 200, 200, 200),
    "round_filtered": (200, 200, 200, 200),
    "szw_item": (200, 200, 403, 200),
    "ocw_item": (200, 403, 200, 200),
    "propose": (200, 200, 200, 200),
    "publish": (200, 403, 403, 403),
    "audit_csv": (200, 403, 403, 200),
    "measure_audit": (200, 403, 403, 200),
    "szw_sheet": (200, 200, 403, 200),
    "wanneer": (200, 200, 200, 200),
}


def test_every_round_page_as_every_role(opened: Round, people: dict[str, Any]) -> None:
    pages = _pages(opened, owned_only_by(opened, "SZW"), owned_only_by(opened, "OCW"))
    assert set(pages) == set(EXPECTED)
    anonymous = Client()
    for name, path in pages.items():
        response = anonymous.get(path)
        assert response.status_code == 302, (name, response.status_code)
        assert response["Location"].startswith("/account/login/?next="), name
        got = []
        for role in ROLES:
            got.append(as_user(people[role]).get(path).status_code)
        assert tuple(got) == EXPECTED[name], (name, got)
        # A logged-in user without a role in the round gets nothing of it.
        assert as_user(people["no_account"]).get(path).status_code == 403, name


def test_pages_show_what_the_role_may_do(opened: Round, people: dict[str, Any]) -> None:
    round_page = f"/ronde/{opened.pk}/"
    coordinator = body(as_user(people["coordinator"]).get(round_page))
    for text in ("Publiceren", "Herinnering sturen", "Audittrail (CSV)", "Spreadsheet SZW"):
        assert text in coordinator
    editor = body(as_user(people["szw"]).get(round_page))
    assert "Publiceren" not in editor and "Herinnering sturen" not in editor
    assert "Spreadsheet SZW" in editor and "Spreadsheet OCW" not in editor
    assert "Uw onderdelen" in editor
    # The editor's worklist has only items SZW owns; the per-ministry table only SZW.
    item_links = re.findall(r'href="/ronde/onderdeel/(\d+)/"', editor)
    assert item_links
    for pk in item_links:
        assert "SZW" in RoundItem.objects.get(pk=pk).owners
    # The header names the user and the role, with a logout button (POST).
    assert "sanne" in editor and "redacteur ministerie" in editor
    assert 'action="/account/logout/" method="post"' in editor
    reviewer = body(as_user(people["reviewer"]).get(f"/ronde/onderdeel/{opened.items.first().pk}/"))
    assert "Uw antwoord" not in reviewer and "Beoordelen" not in reviewer
    # The measure's audit trail is linked for those who may see it, not for editors.
    szw_item = owned_only_by(opened, "SZW")
    assert "/audit/" in body(as_user(people["coordinator"]).get(f"/ronde/onderdeel/{szw_item.pk}/"))
    assert "/audit/" not in body(as_user(people["szw"]).get(f"/ronde/onderdeel/{szw_item.pk}/"))
    assert "Audittrail" in reviewer


def test_a_role_that_may_not_write_gets_403_from_the_service(
    opened: Round, people: dict[str, Any]
) -> None:
    szw_item = owned_only_by(opened, "SZW")
    ocw_item = owned_only_by(opened, "OCW")
    editor = as_user(people["szw"])
    reviewer = as_user(people["reviewer"])
    # Posting the form directly (no button was shown) is refused by the service.
    assert reviewer.post(f"/ronde/onderdeel/{szw_item.pk}/", answer(szw_item)).status_code == 403
    assert editor.post(f"/ronde/onderdeel/{ocw_item.pk}/", answer(ocw_item)).status_code == 403
    review = {"action": "accept", "comment": ""}
    assert editor.post(f"/ronde/onderdeel/{szw_item.pk}/beoordelen/", review).status_code == 403
    assert editor.post(f"/ronde/{opened.pk}/publiceren/").status_code == 403
    assert editor.post(f"/ronde/{opened.pk}/herinneren/").status_code == 403
    assert reviewer.post(f"/ronde/{opened.pk}/herinneren/").status_code == 403
    propose = {"title": "Nieuw", "ministries": ["OCW"], "status": "3"}
    assert editor.post(f"/ronde/{opened.pk}/voorstel/", propose).status_code == 403
    opening = {"name": "X", "reference_date": "2025-01-01", "deadline": "2025-02-01"}
    assert editor.post("/ronde/nieuw/", opening).status_code == 403
    szw_item.refresh_from_db()
    ocw_item.refresh_from_db()
    assert szw_item.state == ocw_item.state == "untouched"
    assert not RoundItem.objects.filter(proposed=True).exists()
    assert Round.objects.get(pk=opened.pk).status == "open"


# --- security ------------------------------------------------------------------------------


def _csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the form"
    return match.group(1)


def test_every_form_needs_the_csrf_token(opened: Round, people: dict[str, Any]) -> None:
    item = owned_only_by(opened, "SZW")
    client = as_user(people["szw"], enforce_csrf_checks=True)
    page = body(client.get(f"/ronde/onderdeel/{item.pk}/"))
    data = answer(item, when_raw="Q4 2025")
    assert client.post(f"/ronde/onderdeel/{item.pk}/", data).status_code == 403
    item.refresh_from_db()
    assert item.state == "untouched"
    data["csrfmiddlewaretoken"] = _csrf_token(page)
    assert client.post(f"/ronde/onderdeel/{item.pk}/", data).status_code == 302
    item.refresh_from_db()
    assert (item.state, item.when_raw) == ("draft", "Q4 2025")
    coordinator = as_user(people["coordinator"], enforce_csrf_checks=True)
    for path in (
        f"/ronde/{opened.pk}/publiceren/",
        f"/ronde/{opened.pk}/herinneren/",
        f"/ronde/onderdeel/{item.pk}/beoordelen/",
        f"/ronde/{opened.pk}/spreadsheet/",
        "/ronde/nieuw/",
        "/account/logout/",
    ):
        assert coordinator.post(path, {}).status_code == 403, path
    login = Client(enforce_csrf_checks=True)
    assert (
        login.post("/account/login/", {"username": "coco", "password": PASSWORD}).status_code == 403
    )
    # Every form on the pages carries the token.
    for path in (f"/ronde/{opened.pk}/", f"/ronde/{opened.pk}/publiceren/", "/ronde/nieuw/"):
        html = body(coordinator.get(path))
        posts = re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", html, re.S)
        assert posts, path
        for form in posts:
            assert "csrfmiddlewaretoken" in form, path


def test_login_logout_and_the_header(people: dict[str, Any]) -> None:
    client = Client()
    page = body(client.get("/account/login/"))
    assert '<label for="id_username"' in page and '<label for="id_password"' in page
    response = client.post("/account/login/", {"username": "coco", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/ronde/"
    home = body(client.get("/"))
    assert "coco" in home and "coördinator" in home and "Uitloggen" in home
    assert client.get("/account/logout/").status_code == 405  # logout is a POST
    assert client.post("/account/logout/").status_code == 302
    actions = list(AuditEntry.objects.filter(actor="coco").values_list("action", flat=True))
    assert actions[-2:] == ["login", "logout"]
    assert client.get("/ronde/").status_code == 302
    assert "Inloggen" in body(client.get("/"))


def test_login_is_rate_limited_per_name_and_address(people: dict[str, Any]) -> None:
    client = Client(REMOTE_ADDR="10.1.2.3")
    for _attempt in range(5):
        response = client.post("/account/login/", {"username": "coco", "password": "fout"})
        assert response.status_code == 200
        assert 'role="alert"' in body(response)
    failures = AuditEntry.objects.filter(action="login_failed")
    assert failures.count() == 5
    assert {(e.actor, e.after["ip"]) for e in failures} == {("coco", "10.1.2.3")}
    # The sixth attempt is refused, even with the right password.
    response = client.post("/account/login/", {"username": "COCO", "password": PASSWORD})
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in body(response)
    assert int(response["Retry-After"]) == 15 * 60
    assert client.get("/ronde/").status_code == 302  # not logged in
    # Another name from that address, and the same name from another address, still work.
    assert (
        client.post("/account/login/", {"username": "rita", "password": PASSWORD}).status_code
        == 302
    )
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert (
        other.post("/account/login/", {"username": "coco", "password": PASSWORD}).status_code == 302
    )


def test_the_rate_limit_window_passes(
    people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from voortgang.rounds import ratelimit

    client = Client(REMOTE_ADDR="10.1.2.4")
    for _attempt in range(5):
        client.post("/account/login/", {"username": "coco", "password": "fout"})
    assert (
        client.post("/account/login/", {"username": "coco", "password": PASSWORD}).status_code
        == 429
    )
    monkeypatch.setattr(ratelimit, "WINDOW", dt.timedelta(seconds=0))
    assert (
        client.post("/account/login/", {"username": "coco", "password": PASSWORD}).status_code
        == 302
    )


def test_password_reset_by_mail(people: dict[str, Any]) -> None:
    client = Client()
    assert client.get("/account/wachtwoord-vergeten/").status_code == 200
    response = client.post("/account/wachtwoord-vergeten/", {"email": "sanne@example.nl"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sanne@example.nl"]
    assert "sanne" in message.body
    link = re.search(r"http://testserver(/account/wachtwoord/[^/\s]+/[^/\s]+/)", message.body)
    assert link, message.body
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200 and "new_password1" in body(form)
    set_url = form.redirect_chain[-1][0]
    new = "Nieuw-wachtwoord-2025!"
    mismatch = client.post(set_url, {"new_password1": new, "new_password2": "anders"})
    assert mismatch.status_code == 200 and "errorlist" in body(mismatch)
    done = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert client.login(username="sanne", password=new)
    assert AuditEntry.objects.filter(action="password_change", actor="sanne").count() == 1
    # An unknown address gets the same answer and no mail.
    client.post("/account/wachtwoord-vergeten/", {"email": "onbekend@example.nl"})
    assert len(mail.outbox) == 1


# --- editing -------------------------------------------------------------------------------


def test_the_conflict_page_shows_both_versions(opened: Round, people: dict[str, Any]) -> None:
    item = RoundItem.objects.get(pk=owned_only_by(opened, "SZW").pk)
    first = as_user(people["szw"])
    second = as_user(people["coordinator"])
    started = answer(item)
    saved = first.post(
        f"/ronde/onderdeel/{item.pk}/",
        {**started, "when_raw": "Q2 2025", "explanation": "Versie van Sanne."},
    )
    assert saved.status_code == 302
    conflict = second.post(
        f"/ronde/onderdeel/{item.pk}/",
        {**started, "when_raw": "Q4 2026", "explanation": "Versie van de coördinator."},
    )
    assert conflict.status_code == 409
    html = body(conflict)
    assert "Versie van Sanne." in html and "Q2 2025" in html and "sanne" in html
    assert "Versie van de coördinator." in html and "Q4 2026" in html
    assert "Hun versie houden" in html
    assert "versie 2 · concept" in html  # their state, in words
    item.refresh_from_db()
    assert item.explanation == "Versie van Sanne." and item.version == 2
    # Overwrite: the conflict page's form starts from the new version.
    overwrite = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    assert overwrite["version"] == "2"
    data: dict[str, Any] = {**overwrite, "ministries": item.ministries, "action": "save"}
    assert second.post(f"/ronde/onderdeel/{item.pk}/", data).status_code == 302
    item.refresh_from_db()
    assert item.explanation == "Versie van de coördinator." and item.when_raw == "Q4 2026"
    assert item.version == 3


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "2"}, "Selecteer een geldige keuze"),
        ({"status": "abc"}, "Selecteer een geldige keuze"),
        ({"ministries": ["XYZ"]}, "Selecteer een geldige keuze"),
        ({"version": "abc"}, "open het onderdeel opnieuw"),
        ({"version": ""}, "open het onderdeel opnieuw"),
        ({"when_raw": "x" * 600}, "niet meer dan 500 tekens"),
    ],
)
def test_bad_item_values_give_the_form_with_errors(
    opened: Round, people: dict[str, Any], changes: dict[str, Any], message: str
) -> None:
    item = owned_only_by(opened, "SZW")
    response = as_user(people["szw"]).post(f"/ronde/onderdeel/{item.pk}/", answer(item, **changes))
    assert response.status_code == 400
    html = body(response)
    assert message in html and 'role="alert"' in html
    item.refresh_from_db()
    assert item.state == "untouched" and item.version == 1


def test_bad_values_elsewhere_never_give_a_500(opened: Round, people: dict[str, Any]) -> None:
    coordinator = as_user(people["coordinator"])
    bad_dates = {"name": "Ronde X", "reference_date": "2025-13-01", "deadline": "morgen"}
    assert coordinator.post("/ronde/nieuw/", bad_dates).status_code == 400
    backwards = {"name": "Ronde X", "reference_date": "2025-03-01", "deadline": "2025-01-01"}
    response = coordinator.post("/ronde/nieuw/", backwards)
    assert response.status_code == 400 and "ligt voor de peildatum" in body(response)
    # Another round while one is open: the service's message on the form.
    measure = Measure.objects.filter(kind="measure").first()
    assert measure is not None
    again = {
        "name": "Ronde X",
        "reference_date": "2025-01-01",
        "deadline": "2025-02-01",
        "scope": "all",
        "measures": [str(measure.pk)],
    }
    response = coordinator.post("/ronde/nieuw/?scope=all", again)
    assert response.status_code == 400 and "is nog open" in body(response)
    assert Round.objects.count() == 1
    assert coordinator.post(f"/ronde/{opened.pk}/voorstel/", {"title": ""}).status_code == 400
    item = owned_only_by(opened, "SZW")
    review = coordinator.post(f"/ronde/onderdeel/{item.pk}/beoordelen/", {"action": "accept"})
    assert review.status_code == 400 and "ingediend" in body(review)
    no_comment = coordinator.post(f"/ronde/onderdeel/{item.pk}/beoordelen/", {"action": "return"})
    assert no_comment.status_code == 400
    publish = coordinator.post(f"/ronde/{opened.pk}/publiceren/")
    assert publish.status_code == 400 and "geen geaccepteerd antwoord" in body(publish)
    for path in ("/ronde/999999/", "/ronde/onderdeel/999999/", "/ronde/record/nope/audit/"):
        assert coordinator.get(path).status_code == 404
    assert coordinator.get(f"/ronde/{opened.pk}/?state=bogus&ministry=<x>").status_code == 200
    upload = coordinator.post(f"/ronde/{opened.pk}/spreadsheet/", {})
    assert upload.status_code == 400


# --- the round -----------------------------------------------------------------------------


def test_open_a_round_with_the_default_selection_adjusted(
    corpus: None, people: dict[str, Any]
) -> None:
    coordinator = as_user(people["coordinator"])
    page = body(coordinator.get("/ronde/nieuw/?ministry=SZW"))
    boxes = re.findall(
        r'<input type="checkbox" name="measures" value="(\d+)"[^>]*?( checked)?>', page
    )
    assert boxes and all(checked for _pk, checked in boxes)  # the default selection, checked
    chosen = [pk for pk, _checked in boxes][:-1]  # one unticked
    response = coordinator.post(
        "/ronde/nieuw/?ministry=SZW",
        {
            "name": "Ronde SZW",
            "reference_date": "2025-01-01",
            "deadline": "2025-03-01",
            "measures": chosen,
        },
    )
    assert response.status_code == 302
    round = Round.objects.get(name="Ronde SZW")
    assert sorted(round.items.values_list("measure_id", flat=True)) == sorted(
        int(p) for p in chosen
    )
    for item in round.items.all():
        assert "SZW" in item.ministries
    # With every measure shown, completed and dropped ones are offered but not ticked.
    everything = body(coordinator.get("/ronde/nieuw/?scope=all"))
    all_boxes = re.findall(r'name="measures" value="(\d+)"[^>]*?( checked)?>', everything)
    assert any(not checked for _pk, checked in all_boxes)


def test_a_whole_round_in_the_browser_pages(opened: Round, people: dict[str, Any]) -> None:
    szw_item = owned_only_by(opened, "SZW")
    ocw_item = owned_only_by(opened, "OCW")
    measure = szw_item.measure
    assert measure is not None
    szw = as_user(people["szw"])
    ocw = as_user(people["ocw"])
    coordinator = as_user(people["coordinator"])
    # The wanneer preview (htmx) reads the period.
    preview = body(szw.get("/ronde/wanneer/?when_raw=Q3+2025"))
    assert 'datetime="2025-07-01"' in preview and 'datetime="2025-09-30"' in preview
    # SZW answers and submits in one go.
    submit = answer(szw_item, status="4", when_raw="Q3 2025", explanation="Klaar in 2025.")
    submit["action"] = "submit"
    assert szw.post(f"/ronde/onderdeel/{szw_item.pk}/", submit).status_code == 302
    szw_item.refresh_from_db()
    assert szw_item.state == "submitted" and szw_item.status == 4
    # OCW saves a draft, then submits unchanged.
    draft = answer(ocw_item, explanation="Concept van OCW.")
    assert ocw.post(f"/ronde/onderdeel/{ocw_item.pk}/", draft).status_code == 302
    ocw_item.refresh_from_db()
    submit = answer(ocw_item, action="submit")
    assert ocw.post(f"/ronde/onderdeel/{ocw_item.pk}/", submit).status_code == 302
    # The coordinator returns SZW's answer with a comment (htmx: only the review section).
    response = coordinator.post(
        f"/ronde/onderdeel/{szw_item.pk}/beoordelen/",
        {"action": "return", "comment": "Graag de datum van afronding noemen."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    fragment = body(response)
    assert fragment.startswith('<section id="review"') and "teruggestuurd" in fragment
    assert "<html" not in fragment
    szw_item.refresh_from_db()
    assert szw_item.state == "returned"
    page = body(szw.get(f"/ronde/onderdeel/{szw_item.pk}/"))
    assert "Graag de datum van afronding noemen." in page
    fixed = answer(szw_item, explanation="Afgerond op 1 juli 2025.", action="submit")
    assert szw.post(f"/ronde/onderdeel/{szw_item.pk}/", fixed).status_code == 302
    accepted = coordinator.post(f"/ronde/onderdeel/{szw_item.pk}/beoordelen/", {"action": "accept"})
    assert accepted.status_code == 302
    # From the round's list: the accept button in the row (htmx gives the row back).
    listing = body(coordinator.get(f"/ronde/{opened.pk}/?state=submitted"))
    assert f'hx-post="/ronde/onderdeel/{ocw_item.pk}/beoordelen/"' in listing
    row = coordinator.post(
        f"/ronde/onderdeel/{ocw_item.pk}/beoordelen/",
        {"action": "accept", "row": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert row.status_code == 200
    assert body(row).startswith(f'<tr id="row-{ocw_item.pk}">') and "geaccepteerd" in body(row)
    again = coordinator.post(
        f"/ronde/onderdeel/{ocw_item.pk}/beoordelen/",
        {"action": "accept", "row": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert again.status_code == 200 and "errorlist" in body(again)  # htmx swaps only 2xx
    progress = body(coordinator.get(f"/ronde/{opened.pk}/"))
    assert re.search(
        r'<a href="\?ministry=SZW">SZW</a></th>(<td class="num">\d+</td>){4}<td class="num">1</td>',
        progress,
    )
    confirm = body(coordinator.get(f"/ronde/{opened.pk}/publiceren/"))
    assert "Ja, publiceren" in confirm
    assert coordinator.post(f"/ronde/{opened.pk}/publiceren/").status_code == 302
    opened.refresh_from_db()
    assert opened.status == "published"
    # The public page shows the new status with the old in the history.
    record = body(Client().get(f"/record/{measure.uid}/"))
    assert "Rapportageronde Ronde 2025" in record and "Afgerond op 1 juli 2025." in record
    assert record.count('class="status s') >= 3
    # The audit trail per measure, linked from the public page for staff only.
    audit_link = f"/ronde/record/{measure.uid}/audit/"
    assert audit_link not in record
    assert audit_link in body(coordinator.get(f"/record/{measure.uid}/"))
    assert audit_link in body(as_user(people["reviewer"]).get(f"/record/{measure.uid}/"))
    assert audit_link not in body(szw.get(f"/record/{measure.uid}/"))
    trail = body(coordinator.get(f"/ronde/record/{measure.uid}/audit/"))
    for action in ("opgeslagen", "ingediend", "teruggestuurd", "geaccepteerd"):
        assert action in trail
    csv_response = coordinator.get(f"/ronde/{opened.pk}/audit.csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    text = csv_response.content.decode("utf-8-sig")
    assert "item_return" in text and "Graag de datum van afronding noemen." in text
    # Nothing can change after publishing.
    late = answer(RoundItem.objects.get(pk=ocw_item.pk), explanation="Te laat")
    assert ocw.post(f"/ronde/onderdeel/{ocw_item.pk}/", late).status_code == 400


def test_reminders_and_proposals(opened: Round, people: dict[str, Any]) -> None:
    coordinator = as_user(people["coordinator"])
    response = coordinator.post(f"/ronde/{opened.pk}/herinneren/", follow=True)
    assert response.status_code == 200
    assert "Herinnering verstuurd" in body(response)
    assert {tuple(m.to) for m in mail.outbox} >= {("sanne@example.nl",), ("otto@example.nl",)}
    editor = as_user(people["ocw"])
    form = body(editor.get(f"/ronde/{opened.pk}/voorstel/"))
    assert '<option value="OCW" selected>' in form
    response = editor.post(
        f"/ronde/{opened.pk}/voorstel/",
        {
            "title": "Gratis menstruatieproducten op scholen",
            "theme_name": "Onderwijs",
            "ministries": ["OCW"],
            "status": "3",
            "when_raw": "2025 - 2027",
            "explanation": "",
        },
    )
    assert response.status_code == 302
    item = RoundItem.objects.get(proposed=True)
    assert (item.title, item.owners, item.state) == (
        "Gratis menstruatieproducten op scholen",
        ["OCW"],
        "draft",
    )
    assert response["Location"] == f"/ronde/onderdeel/{item.pk}/"
    page = body(editor.get(response["Location"]))
    assert "een voorgestelde nieuwe maatregel" in page and "Concept opslaan" in page
    assert as_user(people["szw"]).get(response["Location"]).status_code == 403


def test_spreadsheet_download_and_upload_with_errors(opened: Round, people: dict[str, Any]) -> None:
    from voortgang.rounds import spreadsheets

    editor = as_user(people["szw"])
    download = editor.get(f"/ronde/{opened.pk}/spreadsheet/SZW.xlsx")
    assert download.status_code == 200
    assert download["Content-Type"] == spreadsheets.MIMETYPE
    assert download.content[:2] == b"PK"
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("ingevuld.xlsx", b"geen spreadsheet", content_type="text/plain")
    response = editor.post(f"/ronde/{opened.pk}/spreadsheet/", {"file": bad})
    assert response.status_code == 400
    assert "niet ingelezen" in body(response) and "geen XLSX-werkmap" in body(response)
    same = SimpleUploadedFile("ingevuld.xlsx", download.content)
    response = editor.post(f"/ronde/{opened.pk}/spreadsheet/", {"file": same}, follow=True)
    assert response.status_code == 200 and "De spreadsheet is ingelezen" in body(response)


def test_round_pages_in_english(opened: Round, people: dict[str, Any]) -> None:
    client = as_user(people["coordinator"])
    page = body(client.get(f"/ronde/{opened.pk}/?lang=en"))
    for text in ("Progress per ministry", "Untouched", "Log out", "coordinator", "Publish…"):
        assert text in page, text
    item = owned_only_by(opened, "SZW")
    form = body(client.get(f"/ronde/onderdeel/{item.pk}/?lang=en"))
    for text in ("Save draft", "Submit to the coordinator", "4 – completed", "Audit trail"):
        assert text in form, text
    login = body(Client().get("/account/login/?lang=en"))
    assert "Forgot your password?" in login


def test_upload_errors_name_sheet_row_and_column(opened: Round, people: dict[str, Any]) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]

    editor = as_user(people["szw"])
    download = editor.get(f"/ronde/{opened.pk}/spreadsheet/SZW.xlsx")
    workbook: Any = load_workbook(io.BytesIO(download.content))
    sheet = workbook["Maatregelen"]
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=3, column=headers.index("Stand van zaken") + 1).value = 7
    out = io.BytesIO()
    workbook.save(out)
    upload = SimpleUploadedFile("szw.xlsx", out.getvalue())
    response = editor.post(f"/ronde/{opened.pk}/spreadsheet/", {"file": upload})
    assert response.status_code == 400
    html = body(response)
    row = re.search(
        r"<tr><td>Maatregelen</td><td>3</td><td>Stand van zaken \(F\)</td><td>([^<]*)", html
    )
    assert row, html[html.find("upload-errors") :][:2000]
    assert "7" in row.group(1)
    assert not RoundItem.objects.filter(round=opened).exclude(state="untouched").exists()


def test_the_upload_page_shows_the_errors_in_dutch_and_in_english_on_request(
    opened: Round, people: dict[str, Any]
) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]

    editor = as_user(people["szw"])
    download = editor.get(f"/ronde/{opened.pk}/spreadsheet/SZW.xlsx")
    workbook: Any = load_workbook(io.BytesIO(download.content))
    sheet = workbook["Maatregelen"]
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=headers.index("Stand van zaken") + 1).value = 7
    sheet.cell(row=3, column=headers.index("Wanneer") + 1).value = "binnenkort"
    out = io.BytesIO()
    workbook.save(out)

    def upload(query: str = "") -> str:
        data = SimpleUploadedFile("szw.xlsx", out.getvalue())
        response = editor.post(
            f"/ronde/{opened.pk}/spreadsheet/{query}", {"file": data}, HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 400
        html = body(response)
        return html[html.find('id="upload-errors"') :]

    # Dutch by default, whatever the browser prefers.
    html = upload()
    assert "De spreadsheet is niet ingelezen: 2 fouten. Niets is opgeslagen." in html
    assert (
        "<tr><td>Maatregelen</td><td>2</td><td>Stand van zaken (F)</td>"
        "<td>stand van zaken 7 is niet een van 0, 1, 3, 4</td></tr>"
    ) in html
    assert (
        "<td>wanneer &#x27;binnenkort&#x27; wordt niet begrepen: schrijf bijvoorbeeld Q3 2025, "
        "2025 - 2027, T/m 2031, Doorlopend, n.v.t. of een datum zoals 1 juli 2025</td>"
    ) in html
    assert "is not one of" not in html

    # English when the user asked for it.
    html = upload("?lang=en")
    assert "<td>status 7 is not one of 0, 1, 3, 4</td>" in html
    assert "<td>wanneer &#x27;binnenkort&#x27; is not understood: write e.g. Q3 2025" in html
    assert "niet een van" not in html
    assert not RoundItem.objects.filter(round=opened).exclude(state="untouched").exists()
