from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "voortgang.rounds"
    label = "rounds"
    verbose_name = "Voortgang rapportageronde"
    default_auto_field = "django.db.models.BigAutoField"
