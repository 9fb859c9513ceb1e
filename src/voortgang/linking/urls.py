"""URLs of the links: the review (``/koppelingen/``) and the gap view (``/hiaten/``)."""

from django.urls import path

from voortgang.linking import views

app_name = "linking"

urlpatterns = [
    path("koppelingen/", views.review, name="review"),
    path("koppelingen/<int:pk>/besluit/", views.decide, name="decide"),
    path("koppelingen/kandidaten/", views.candidates, name="candidates"),
    path("koppelingen/maken/<str:uid>/", views.make, name="make"),
    path("hiaten/", views.gaps, name="gaps"),
]
