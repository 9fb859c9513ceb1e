from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "voortgang.search"
    label = "search"
    verbose_name = "Voortgang search"
    default_auto_field = "django.db.models.BigAutoField"
