"""The forms' signed "shown at" times (core.form_guard): re-signed only where registered, and
never expired sooner than a cached page may be served."""

import time
from unittest import mock

from django.core import signing

from core import form_guard

SALT = "tests.form-guard"


def shown(seconds_ago: float, scope: str = "here") -> str:
    with mock.patch("time.time", return_value=time.time() - seconds_ago):
        return form_guard.sign_timestamp(scope, SALT)


def test_only_registered_inputs_are_re_signed(monkeypatch):
    monkeypatch.setitem(form_guard.FRESH_TIMESTAMPS, "guarded", (SALT, "scope"))
    old = shown(5000, scope="there")
    html = (
        f'<input type="hidden" name="guarded" value="{old}">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{old}">'
        '<input type="hidden" name="guarded" value="forged">'
    ).encode()

    before = int(time.time())
    fresh = form_guard.restamp(html).decode()

    new = signing.loads(fresh.split('value="')[1].split('"')[0], salt=SALT)
    assert new["scope"] == "there" and new["at"] >= before
    # A reader's own token and a forged timestamp are left as they are.
    assert f'name="csrfmiddlewaretoken" value="{old}"' in fresh
    assert 'name="guarded" value="forged"' in fresh


def test_a_form_is_not_expired_while_a_cached_page_may_still_be_served(settings):
    settings.PAGE_CACHE_TIMEOUT = 3600
    settings.PAGE_CACHE_SHARED_MAX_AGE = 600
    assert form_guard.longest_cached_age() == 4200

    def problem(seconds_ago: float) -> str | None:
        return form_guard.timestamp_problem(
            shown(seconds_ago), "here", salt=SALT, min_seconds=2, max_age=600
        )

    assert problem(4100) is None
    assert problem(4300) == form_guard.EXPIRED
    # A longer max_age still counts.
    assert (
        form_guard.timestamp_problem(
            shown(5000), "here", salt=SALT, min_seconds=2, max_age=2 * 24 * 3600
        )
        is None
    )
