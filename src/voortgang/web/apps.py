from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "voortgang.web"
    label = "web"
