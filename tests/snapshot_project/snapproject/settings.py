"""Settings of the fixture project: the snapshot runner, an in-memory database."""

SECRET_KEY = "snapshot-project"
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "djust",
    "djust_testing",
    "snapproject",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
ROOT_URLCONF = "snapproject.urls"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
TEST_RUNNER = "djust_testing.runner.LiveViewTestRunner"
ASGI_APPLICATION = "snapproject.asgi.application"
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
