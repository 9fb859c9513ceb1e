from django.urls import path

from voortgang.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("overzicht/", views.record_list, name="records"),
    path("maatregelen/", views.kind_list, {"kind": "measure"}, name="measures"),
    path("moties/", views.kind_list, {"kind": "motion"}, name="motions"),
    path("toezeggingen/", views.kind_list, {"kind": "commitment"}, name="commitments"),
    path("aanbevelingen/", views.kind_list, {"kind": "recommendation"}, name="recommendations"),
    path("record/<str:uid>/", views.record_detail, name="record"),
    path("zoeken/", views.search, name="search"),
    path("ministeries/", views.ministry_list, name="ministries"),
    path("ministeries/<str:code>/", views.ministry_detail, name="ministry"),
    path("documenten/", views.document_list, name="documents"),
    path("documenten/<int:pk>/", views.document_detail, name="document"),
    path("documenten/<int:pk>/bijlage.<str:fmt>", views.annex_download, name="annex-download"),
    path("themas/", views.theme_list, name="themes"),
    path("themas/<int:pk>/", views.theme_detail, name="theme"),
    path("export/records.<str:fmt>", views.records_export, name="records-export"),
    path("wijzigingen/", views.changes, name="changes"),
    path("wijzigingen/wijzigingen.<str:fmt>", views.changes_download, name="changes-download"),
]
