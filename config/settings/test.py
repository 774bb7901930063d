"""Settings for the test suite: fast hashing, tasks run immediately, SQLite unless DATABASE_URL is set."""

from config.settings.base import *

DEBUG = False
SECRET_KEY = "test-only-not-secret-" + "y" * 40
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATABASES = {"default": database_from_env(VAR_DIR / "test.sqlite3")}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "fr"
