from search import conf


def test_the_lock_timeout_and_cache_size_default_once_when_unset(settings):
    settings.WENDA_SEARCH_LOCK_TIMEOUT = None
    settings.WENDA_SEARCH_CACHE_MB = None
    assert conf.lock_timeout() == conf.DEFAULT_LOCK_TIMEOUT == 10.0
    assert conf.cache_bytes() == 128 * 1024 * 1024


def test_the_settings_are_read_when_the_code_runs_including_environment_strings(settings):
    settings.WENDA_SEARCH_LOCK_TIMEOUT = "0.5"  # config/settings.py passes the variable through
    settings.WENDA_SEARCH_CACHE_MB = "0"
    assert conf.lock_timeout() == 0.5
    assert conf.cache_bytes() == 0
