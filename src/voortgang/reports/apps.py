from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "voortgang.reports"
    label = "reports"
