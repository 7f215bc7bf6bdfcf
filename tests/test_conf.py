import pytest

from wagtail_medborgardialog.conf import DEFAULTS, get_setting


def test_default_is_returned_when_the_site_sets_nothing():
    assert get_setting("PAGINATE_BY") == DEFAULTS["PAGINATE_BY"] == 20


def test_site_setting_overrides_the_default(settings):
    settings.WAGTAIL_MEDBORGARDIALOG_PAGINATE_BY = 7
    assert get_setting("PAGINATE_BY") == 7


def test_unknown_setting_name_is_a_programming_error():
    with pytest.raises(KeyError):
        get_setting("NO_SUCH_SETTING")
