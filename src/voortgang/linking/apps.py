from django.apps import AppConfig


class LinkingConfig(AppConfig):
    name = "voortgang.linking"
    label = "linking"
