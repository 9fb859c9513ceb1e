"""Language selection for the site: Dutch first.

Django's ``LocaleMiddleware`` follows the browser's ``Accept-Language``; this site is Dutch by
default and English only when the visitor asks for it: with the language switch (the
``set_language`` view sets the language cookie) or a ``?lang=en`` link. URLs stay the same in
both languages.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class SiteLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        supported = {code for code, _name in settings.LANGUAGES}
        language = request.GET.get("lang") or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
