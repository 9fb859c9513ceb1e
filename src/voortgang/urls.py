"""Top-level URL configuration."""

from django.urls import include, path

from voortgang.api.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("", include("voortgang.rounds.urls")),
    path("", include("voortgang.linking.urls")),
    path("", include("voortgang.web.urls")),
]
