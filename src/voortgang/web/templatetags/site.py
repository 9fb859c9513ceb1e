"""Template helpers of the public site: status labels, ministry names, SVG bar charts."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from voortgang.tracker.models import Measure, Ministry
from voortgang.web.selectors import STATUS_CODES, Row, StatusCounts

register = template.Library()

STATUS_LABELS: dict[int | None, Any] = {
    4: _("afgerond"),
    3: _("in uitvoering"),
    1: _("doorlopend"),
    0: _("niet (meer) in uitvoering"),
    None: _("geen stand van zaken"),
}
#: Bar colours per status (each at least 3:1 against white, WCAG 1.4.11).
STATUS_COLOURS: dict[int | None, str] = {
    4: "#1a6b35",
    3: "#154273",
    1: "#6b4c9a",
    0: "#a1401b",
    None: "#6b6b6b",
}
KIND_LABELS = {k.value: k.label for k in Measure.Kind}
KIND_PLURALS: dict[str, Any] = {
    "measure": _("maatregelen"),
    "motion": _("moties"),
    "commitment": _("toezeggingen"),
    "recommendation": _("aanbevelingen"),
    "result": _("resultaten"),
    "challenge": _("uitdagingen"),
}


@register.filter
def status_label(code: int | None) -> Any:
    return STATUS_LABELS.get(code, str(code))


@register.filter
def status_class(code: int | None) -> str:
    return "none" if code is None else f"s{code}"


@register.filter
def kind_label(kind: str) -> Any:
    return KIND_LABELS.get(kind, kind)


@register.filter
def kind_plural(kind: str) -> Any:
    return KIND_PLURALS.get(kind, kind)


@register.filter
def ministry_name(ministry: Ministry) -> str:
    lang = (get_language() or "nl")[:2]
    return ministry.name_en if lang == "en" and ministry.name_en else ministry.name_nl


@register.simple_tag
def status_codes() -> list[tuple[int | None, Any, str]]:
    return [(c, STATUS_LABELS[c], STATUS_COLOURS[c]) for c in STATUS_CODES]


@register.simple_tag
def status_chart(items: list[StatusCounts], chart_id: str, title: str, desc: str) -> str:
    """A horizontal stacked bar per item (counts per status), as inline SVG, and its legend.

    The chart stands beside a table of the same figures (its text alternative); its title and
    description say what it shows. Rendered in Python: a chart has hundreds of attributes.
    """
    label_w, bar_w, row_h = 190, 360, 26
    biggest = max((i.total for i in items), default=0) or 1
    parts: list[str] = [
        format_html(
            '<svg class="chart" role="img" aria-labelledby="{0}-t {0}-d" viewBox="0 0 {1} {2}" '
            'width="100%" preserveAspectRatio="xMinYMin meet" focusable="false">'
            '<title id="{0}-t">{3}</title><desc id="{0}-d">{4}</desc>',
            chart_id,
            label_w + bar_w + 50,
            max(1, len(items)) * row_h,
            title,
            desc,
        )
    ]
    for n, item in enumerate(items):
        y = n * row_h
        parts.append(
            format_html(
                '<g><text x="0" y="{}" class="chart-label">{}</text>',
                y + 17,
                _truncate(item.label, 27),
            )
        )
        x = float(label_w)
        for code, count in item.ordered():
            if not count:
                continue
            width = bar_w * count / biggest
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="18" fill="{}" stroke="#fff" '
                    'stroke-width="1"><title>{}: {}</title></rect>',
                    f"{x:.1f}",
                    y + 4,
                    f"{width:.1f}",
                    STATUS_COLOURS[code],
                    STATUS_LABELS[code],
                    count,
                )
            )
            x += width
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="chart-total">{}</text></g>',
                f"{x + 6:.1f}",
                y + 17,
                item.total,
            )
        )
    parts.append("</svg>")
    parts.append('<ul class="legend">')
    parts.extend(
        format_html('<li><span class="swatch" style="background: {}"></span>{}</li>', colour, label)
        for _code, label, colour in status_codes()
    )
    parts.append("</ul>")
    return mark_safe("".join(parts))


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]``, or ``None``: a dict looked up by a variable in a template."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def truncate_label(text: str, length: int = 28) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _truncate(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


@register.simple_tag
def record_rows_html(rows: list[Row]) -> str:
    """The body rows of a record table, rendered in Python: a list page has hundreds of cells
    and the template engine would spend most of the page's time on them."""
    labels = {
        "title": gettext("Titel"),
        "kind": gettext("Soort"),
        "theme": gettext("Thema"),
        "status": gettext("Stand van zaken"),
        "when": gettext("Wanneer"),
        "who": gettext("Wie"),
        "source": gettext("Bron"),
    }
    late = format_html(' <span class="badge late">{}</span>', gettext("te laat"))
    line = gettext("regel")
    record_url = reverse("web:record", args=["UID"]).replace("UID", "{}")
    ministry_url = reverse("web:ministry", args=["CODE"]).replace("CODE", "{}")
    document_url = reverse("web:document", args=[0]).replace("0", "{}")
    kinds = {kind: str(label) for kind, label in KIND_LABELS.items()}
    statuses = {
        code: f"{code} {label}" if code is not None else str(label)
        for code, label in STATUS_LABELS.items()
    }
    names: dict[str, str] = {}
    out = []
    for row in rows:
        m, e = row.measure, row.entry
        for x in row.ministries:
            if x.code not in names:
                names[x.code] = ministry_name(x)
        title = _truncate(m.title, 220)
        if m.kind == "recommendation" and m.number:
            title = f"{m.number}. {title}"
        theme = m.theme.name if m.theme else "–"
        if m.theme and m.subtheme:
            theme += f" — {m.subtheme.name}"
        code = e.status if e is not None else None
        status = format_html(
            '<span class="status {}">{}</span>', status_class(code), statuses.get(code, code)
        )
        who = (
            format_html_join(
                ", ",
                '<a href="{}"><abbr title="{}">{}</abbr></a>',
                (
                    (ministry_url.format(quote(x.code)), names[x.code], x.code)
                    for x in row.ministries
                ),
            )
            if row.ministries
            else "–"
        )
        out.append(
            format_html(
                '<tr><th scope="row" data-label="{}"><a href="{}">{}</a></th>'
                '<td data-label="{}">{}</td><td data-label="{}">{}</td>'
                '<td data-label="{}">{}{}</td><td data-label="{}">{}</td>'
                '<td data-label="{}">{}</td>'
                '<td data-label="{}"><a href="{}">{}</a>, {} {}</td></tr>',
                labels["title"],
                record_url.format(quote(m.uid)),
                title,
                labels["kind"],
                kinds.get(m.kind, m.kind),
                labels["theme"],
                theme,
                labels["status"],
                status,
                late if row.overdue else "",
                labels["when"],
                (e.when_raw if e is not None else "") or "–",
                labels["who"],
                who,
                labels["source"],
                document_url.format(m.document_id),
                m.document.name,
                line,
                m.line_start,
            )
        )
    return mark_safe("\n".join(out))


@register.simple_tag
def count_rows_html(items: list[StatusCounts], param: str) -> str:
    """The body rows of a counts table (per theme or ministry), rendered in Python."""
    records = reverse("web:records")
    late_label = gettext("te laat")
    out = []
    for item in items:
        key = quote(item.key)
        if param == "ministry":
            head = format_html(
                '<a href="{}">{}</a>', reverse("web:ministry", args=[item.key]), item.label
            )
        else:
            head = format_html('<a href="{}?{}={}">{}</a>', records, param, key, item.label)
        cells = []
        for code, n in item.ordered():
            if not n:
                cells.append('<td class="num">0</td>')
                continue
            status = "geen" if code is None else str(code)
            cells.append(
                format_html(
                    '<td class="num"><a href="{}?{}={}&amp;status={}" aria-label="{} — {}, {}">'
                    "{}</a></td>",
                    records,
                    param,
                    key,
                    status,
                    n,
                    item.label,
                    status_label(code),
                    n,
                )
            )
        if item.overdue:
            cells.append(
                format_html(
                    '<td class="num"><a href="{}?{}={}&amp;overdue=1" aria-label="{} — {}, {}">'
                    "{}</a></td>",
                    records,
                    param,
                    key,
                    item.overdue,
                    item.label,
                    late_label,
                    item.overdue,
                )
            )
        else:
            cells.append('<td class="num">0</td>')
        cells.append(format_html('<td class="num">{}</td>', item.total))
        out.append(
            format_html('<tr><th scope="row">{}</th>{}</tr>', head, mark_safe("".join(cells)))
        )
    return mark_safe("\n".join(out))
