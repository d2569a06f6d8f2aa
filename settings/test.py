"""The test suite: fast hashing, in-memory email and media in a temporary folder."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="blog-test-media-")
# Each test process keeps its own page-cache generation (core.cache), apart from any server.
PAGE_CACHE_GENERATION_FILE = f"{tempfile.mkdtemp(prefix='blog-test-page-cache-')}/generation"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Embeds in tests come from a local oEmbed endpoint, never the internet.
WAGTAILEMBEDS_FINDERS = [{"class": "wagtail.embeds.finders.oembed"}]
# django-axes needs a request in authenticate(), which the test client's login() does not pass;
# switched off, its backend lets every login through to ModelBackend. Tests of login rate
# limiting turn it back on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = False
# Wagtail's page test helpers force_login() with AUTHENTICATION_BACKENDS[0], which must have
# get_user(): ModelBackend goes first in tests (axes' backend stays listed for its own tests).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "axes.backends.AxesStandaloneBackend",
]
