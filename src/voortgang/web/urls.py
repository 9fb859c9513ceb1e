from django.urls import path

from voortgang.web import views

app_name = "web"

urlpatterns = [
    path("", views.record_index, name="records"),
    path("documenten/", views.document_index, name="documents"),
]
