"""URLs of the reporting round: ``/account/…`` (login, logout, password reset), ``/ronde/…``."""

from django.urls import path

from voortgang.rounds import views

app_name = "rounds"

urlpatterns = [
    path("account/login/", views.LoginView.as_view(), name="login"),
    path("account/logout/", views.LogoutView.as_view(), name="logout"),
    path("account/wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "account/wachtwoord-vergeten/verstuurd/",
        views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "account/wachtwoord/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "account/wachtwoord/gewijzigd/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
]

urlpatterns += [
    path("ronde/", views.index, name="index"),
    path("ronde/nieuw/", views.round_open, name="open"),
    path("ronde/wanneer/", views.wanneer_preview, name="wanneer"),
    path("ronde/<int:pk>/", views.round_detail, name="round"),
    path("ronde/<int:pk>/voorstel/", views.item_propose, name="propose"),
    path("ronde/<int:pk>/herinneren/", views.round_remind, name="remind"),
    path("ronde/<int:pk>/publiceren/", views.round_publish, name="publish"),
    path("ronde/<int:pk>/audit.csv", views.round_audit_csv, name="audit-csv"),
    path("ronde/onderdeel/<int:pk>/", views.item_detail, name="item"),
    path("ronde/onderdeel/<int:pk>/beoordelen/", views.item_review, name="review"),
    path("ronde/record/<str:uid>/audit/", views.measure_audit, name="measure-audit"),
]

urlpatterns += [
    path(
        "ronde/<int:pk>/spreadsheet/<str:code>.xlsx",
        views.spreadsheet_download,
        name="spreadsheet",
    ),
    path("ronde/<int:pk>/spreadsheet/", views.spreadsheet_upload, name="upload"),
]
