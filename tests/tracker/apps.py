from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "tests.tracker"
    label = "tracker"
    default_auto_field = "django.db.models.AutoField"
