"""Canonical article URLs: one spelling per story, so the same page found twice is stored once.

`canonical_url` is the natural key of an article. It is a key, not an address to fetch: it drops
`www.`, mobile and AMP variants, tracking parameters, fragments and trailing slashes, and forces https
— unless `keep_scheme=True`, which stored article URLs use: a mirror that serves http only must keep
its http links, or exports and the browser point at an address that does not open.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

#: Query parameters that only track the visitor; exact names (lower-case).
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
        "igshid", "mc_cid", "mc_eid", "mkt_tok", "_ga", "_gl", "_hsenc", "_hsmi", "oly_anon_id", "oly_enc_id",
        "vero_id", "wickedid", "ref", "ref_src", "ref_url", "cmpid", "s_cid", "ncid", "ocid",
        "spm", "soc_src", "soc_trk", "at_medium", "at_campaign", "at_custom1", "at_custom2",
        "at_custom3", "at_custom4", "amp", "amp_js_v", "usqp", "outputtype",
    }
)
#: Query parameter prefixes that only track the visitor.
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "__hs", "at_")

#: Host prefixes of mobile and AMP variants of a site.
_VARIANT_HOST = re.compile(r"^(?:www\d*|m|mobile|amp)\.(?=[^.]+\.[^.]+)")
_AMP_PATH = re.compile(r"(?:/amp)+/?$|^/amp(?=/)", re.IGNORECASE)
_PERCENT = re.compile(r"%[0-9a-fA-F]{2}")
# Characters left as they are in a path; everything else is percent-encoded (existing escapes kept).
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"


def canonical_url(url: str, base: str | None = None, *, keep_scheme: bool = False) -> str:
    """The canonical spelling of an article URL (see the module docstring); never raises on odd input."""
    url = (url or "").strip()
    if base:
        url = urljoin(base, url)
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https", ""):
        return url
    host = (parts.hostname or "").rstrip(".")
    try:
        host = host.encode("idna").decode("ascii") if host and not host.isascii() else host
    except UnicodeError:
        pass
    while True:
        stripped = _VARIANT_HOST.sub("", host)
        if stripped == host:
            break
        host = stripped
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = f"{host}:{port}" if port else host
    path = _AMP_PATH.sub("", parts.path) or ""
    path = quote(path, safe=_PATH_SAFE)
    path = _PERCENT.sub(lambda m: m.group(0).upper(), path)
    path = re.sub(r"/{2,}", "/", path).rstrip("/")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _is_tracking(k)))
    scheme = parts.scheme.lower() if keep_scheme and parts.scheme.lower() == "http" else "https"
    return urlunsplit((scheme, netloc, path, query, ""))


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def same_site(url: str, other: str) -> bool:
    """Whether two URLs belong to the same site once `www.`/mobile/AMP host variants are ignored."""
    return urlsplit(canonical_url(url)).netloc == urlsplit(canonical_url(other)).netloc


def host_of(url: str) -> str:
    """The canonical host of a URL (no `www.`, no mobile/AMP prefix), or '' for a relative one."""
    return urlsplit(canonical_url(url)).netloc
