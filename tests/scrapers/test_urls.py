import pytest

from scrapers.urls import canonical_url, host_of, same_site


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.Khaama.com/some-story-5645646/?utm_source=x&utm_medium=rss#top",
         "https://khaama.com/some-story-5645646"),
        ("https://khaama.com/some-story-5645646/?fbclid=abc&gclid=1&mc_cid=2", "https://khaama.com/some-story-5645646"),
        ("https://m.pajhwok.com/2026/10/01/slug/amp/", "https://pajhwok.com/2026/10/01/slug"),
        ("https://amp.tolonews.com/afghanistan-180992?amp", "https://tolonews.com/afghanistan-180992"),
        ("https://amu.tv/amp/123456/", "https://amu.tv/123456"),
        ("https://amu.tv/123456/?amp=1", "https://amu.tv/123456"),
        ("https://gandhara.rferl.org/a/slug/123.html?ref=abc&id=3", "https://gandhara.rferl.org/a/slug/123.html?id=3"),
        ("https://tolonews.com/afghanistan/all?page=2&b=1", "https://tolonews.com/afghanistan/all?b=1&page=2"),
        ("https://www.example.com:443//a//b/", "https://example.com/a/b"),
        ("HTTPS://KabulNow.com/", "https://kabulnow.com"),
        ("https://example.org:8080/x", "https://example.org:8080/x"),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_non_ascii_paths_are_encoded_once():
    raw = canonical_url("https://pajhwok.com/ps/2026/10/01/سلام/")
    assert raw == "https://pajhwok.com/ps/2026/10/01/%D8%B3%D9%84%D8%A7%D9%85"
    assert canonical_url(raw) == raw
    assert canonical_url("https://pajhwok.com/ps/%d8%b3/") == "https://pajhwok.com/ps/%D8%B3"


def test_relative_urls_resolve_against_base():
    assert canonical_url("/a/b/?utm_campaign=z", base="http://www.rferl.org/x") == "https://rferl.org/a/b"
    assert canonical_url("//www.amu.tv/1/") == "https://amu.tv/1"


def test_idempotent_and_never_raises():
    for url in ["", "mailto:x@y.z", "http://[::1", "not a url", "https://a.b/c?d=e&utm_x=1"]:
        once = canonical_url(url)
        assert canonical_url(once) == once or once == url


def test_short_hosts_keep_their_first_label():
    # "m.tv" is a domain, not a mobile variant of "tv".
    assert canonical_url("https://m.tv/x") == "https://m.tv/x"


def test_helpers():
    assert host_of("http://www.m.khaama.com/x") == "khaama.com"
    assert same_site("https://www.khaama.com/a", "http://m.khaama.com/b")
    assert not same_site("https://khaama.com/a", "https://amu.tv/b")
