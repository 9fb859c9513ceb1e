from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "voortgang.tracker"
    label = "tracker"
    verbose_name = "Voortgang tracker"
    default_auto_field = "django.db.models.BigAutoField"
