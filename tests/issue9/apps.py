from django.apps import AppConfig


class Issue9Config(AppConfig):
    name = "tests.issue9"
    label = "issue9"
    default_auto_field = "django.db.models.AutoField"
