"""Events 9.1.2 stored nothing for, and why (:func:`sentry_compat.normalize.stored_nothing`).

``normalize()`` always returns an event: for an event 9.1.2 did not store, the one it would
have stored had the refusing step let it through (the step is skipped).  Whether 9.1.2 stored
it at all is told apart here, in the order 9.1.2 ran its steps:

1. **ingest** (``EventManager.normalize``): semaphore refused an invalid transaction event
   (:mod:`.transaction`; the store endpoint answered 500);
2. **store endpoint** (``src/sentry/web/api.py: StoreView.process``, ``process_event``):
   the normalized event over 10,000,000 characters of JSON (403); then
   ``EventManager.should_filter`` (``src/sentry/event_manager.py``): a security interface
   present whose legacy ``to_python`` fails (``csp: {}``, or null after normalization: 500),
   a CSP report from a disallowed source (the ``invalid-csp`` filter, 403), and the inbound
   filters on by default: ``web-crawlers`` (a crawler ``User-Agent`` header, 403; a header
   pair with a null name crashed it: 500).  The other inbound filters and the IP, release
   and error-message filters are off unless a project turns them on.  Rate limits and
   duplicate event ids depend on the server's state, not on the event: not modelled;
3. **processing** (``tasks/store.py``): the JavaScript stage crashed on a null frame
   (:mod:`.javascript`; nothing stored);
4. **save** (``EventManager.save``): a security event type (``csp``, ...) whose interface is
   missing or unreadable (``get_metadata`` raised), a group hash longer than the 32
   characters of ``sentry_grouphash.hash`` (a ``checksum`` that is not 32 hex digits is
   kept as it is: PostgreSQL refused it), a ``dist`` over the 64 characters of
   ``sentry_distribution.name`` on an event with a release.

The oracle of this project runs the processing and save tasks inside the store request, so
it answers 500 for steps 3 and 4 as well; a deployment with workers answered 200 and stored
nothing.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .. import _py2
from ..interfaces import InterfaceValidationError
from ..interfaces.security import Csp, ExpectCT, ExpectStaple, Hpkp

__all__ = ["DEFAULT_DISALLOWED_SOURCES", "MAX_EVENT_JSON", "save_refusal", "store_refusal"]

#: src/sentry/web/api.py: StoreView.process (characters of ``json.dumps`` of the event)
MAX_EVENT_JSON = 10000000

#: src/sentry/constants.py: SECURITY_REPORT_INTERFACES
SECURITY_INTERFACES = {"csp": Csp, "hpkp": Hpkp, "expectct": ExpectCT, "expectstaple": ExpectStaple}

#: src/sentry/interfaces/security.py: DEFAULT_DISALLOWED_SOURCES (``chromeinvokeimmediate://*``
#: and ``chromenull://*`` are one string there: a missing comma)
DEFAULT_DISALLOWED_SOURCES: tuple[str, ...] = (
    "about",
    "ms-browser-extension",
    "chrome://*",
    "chrome-extension://*",
    "chromeinvokeimmediate://*chromenull://*",
    "safari-extension://*",
    "mxaddon-pkg://*",
    "jar://*",
    "webviewprogressproxy://*",
    "ms-browser-extension://*",
    "tmtbff://*",
    "mbinit://*",
    "symres://*",
    "resource://*",
    "moz-extension://*",
    "*.metrext.com",
    "static.image2play.com",
    "*.tlscdn.com",
    "73a5b0806e464be8bd4e694c744624f0.com",
    "020dfefc4ac745dab7594f2f771c1ded.com",
    "*.superfish.com",
    "addons.mozilla.org",
    "v.zilionfast.in",
    "widgets.amung.us",
    "*.superfish.com",
    "xls.searchfun.in",
    "istatic.datafastguru.info",
    "v.zilionfast.in",
    "localhost",
    "resultshub-a.akamaihd.net",
    "pulseadnetwork.com",
    "gateway.zscalertwo.net",
    "www.passpack.com",
    "middlerush-a.akamaihd.net",
    "www.websmartcenter.com",
    "a.linkluster.com",
    "saveyoutime.ru",
    "cdncache-a.akamaihd.net",
    "x.rafomedia.com",
    "savingsslider-a.akamaihd.net",
    "injections.adguard.com",
    "icontent.us",
    "amiok.org",
    "connectionstrenth.com",
    "siteheart.net",
    "netanalitics.space",
    "printapplink.com",
    "godlinkapp.com",
    "devappstor.com",
    "hoholikik.club",
    "smartlink.cool",
    "promfflinkdev.com",
)

# src/sentry/filters/web_crawlers.py: CRAWLERS (py2 ``re``: ``\s`` is ASCII whitespace)
CRAWLERS = re.compile(
    r"|".join(
        (
            r"AdsBot",
            r"Mediapartners",
            r"(?<!APIs-)Google",
            r"BingBot",
            r"BingPreview",
            r"Baiduspider",
            r"Slurp",
            r"Sogou",
            r"facebook",
            r"ia_archiver",
            r"bots?[\/\s\)\;]",
            r"spider[\/\s\)\;]",
            r"Slack",
            r"Calypso AppCrawler",
        )
    ),
    re.I | re.ASCII,
)


class _Crash(Exception):
    """What made 9.1.2's Python code raise (the endpoint answered 500)."""


def _hostname_port(netloc: str) -> tuple[str | None, int | None]:
    """py2.7 ``ParseResult.hostname`` / ``.port`` (``port`` raises on a non-numeric one)."""
    host = netloc.split("@")[-1]
    if "[" in host and "]" in host:
        hostname: str | None = host.split("]")[0][1:].lower()
    elif ":" in host:
        hostname = host.split(":")[0].lower()
    else:
        hostname = host.lower() or None
    port_part = host.split("]")[-1]
    port = None
    if ":" in port_part:
        text = port_part.split(":")[1]
        if text:
            try:
                number = int(text, 10)
            except ValueError:
                raise _Crash("ValueError: invalid literal for int() with base 10") from None
            port = number if 0 <= number <= 65535 else None
    return hostname, port


def _idna(text: str) -> str:
    try:
        return text.encode("idna").decode("ascii")
    except UnicodeError:
        return text


def _parse_uri_match(value: str) -> tuple[str, str, str]:
    # src/sentry/utils/http.py: parse_uri_match
    scheme, rest = value.split("://", 1) if "://" in value else ("*", value)
    domain, path = rest.split("/", 1) if "/" in rest else (rest, "*")
    port = None
    if ":" in domain:
        domain, port = rest.split(":", 1)  # sic: splits the value, not the domain
    domain = _idna(domain)
    if port:
        domain = "%s:%s" % (domain, port)
    return scheme, domain, path


def is_valid_origin(origin: Any, allowed: tuple[str, ...]) -> bool:
    """src/sentry/utils/http.py: is_valid_origin (with an explicit ``allowed`` list)."""
    if not allowed:
        return False
    if "*" in allowed:
        return True
    if not origin or not isinstance(origin, str):
        return False
    origin = origin.lower()
    if origin in allowed:
        return True
    if origin == "null":
        return False
    scheme, netloc, path, _params, _query, _fragment = _py2.urlparse(origin)
    hostname, port = _hostname_port(netloc)
    parsed_hostname = "" if hostname is None else _idna(hostname)
    if port:
        matches: tuple[str, ...] = ("*", parsed_hostname, "%s:%d" % (parsed_hostname, port))
        matches += ("*:%d" % port,)
    else:
        matches = ("*", parsed_hostname)
    for value in allowed:
        bits_scheme, domain, match_path = _parse_uri_match(value)
        if bits_scheme not in ("*", scheme):
            continue
        if domain[:2] == "*.":
            if parsed_hostname.endswith(domain[1:]) or parsed_hostname == domain[2:]:
                return True
            continue
        if domain not in matches:
            continue
        if match_path == "*":
            return True
        if match_path.endswith("*"):
            match_path = match_path[:-1]
        if path.startswith(match_path):
            return True
    return False


def _security_filter(data: dict[str, Any]) -> str | None:
    # src/sentry/event_manager.py: EventManager.should_filter (security reports first)
    for name, interface in SECURITY_INTERFACES.items():
        if name not in data:
            continue
        value = data[name]
        try:
            report = interface.to_python(dict(value) if isinstance(value, dict) else value)
        except (InterfaceValidationError, TypeError, ValueError, AttributeError) as exc:
            raise _Crash(
                "InterfaceValidationError: invalid %s interface (%s)" % (name, exc)
            ) from None
        if name != "csp":
            continue  # only Csp.should_filter can say yes
        # src/sentry/interfaces/security.py: Csp.should_filter
        uris = [getattr(report, key, None) for key in ("blocked_uri", "source_file")]
        if any(is_valid_origin(uri, DEFAULT_DISALLOWED_SOURCES) for uri in uris if uri):
            return "Event dropped due to filter: invalid-csp"
    return None


def _user_agent(data: dict[str, Any]) -> Any:
    # src/sentry/filters/web_crawlers.py: WebCrawlersFilter.get_user_agent
    request = data.get("request")
    headers = request.get("headers") if isinstance(request, dict) else None
    if not isinstance(headers, list):
        return None
    for item in headers:
        if item is None:
            continue  # get_path(..., filter=True)
        key, value = item
        if not isinstance(key, str):
            raise _Crash("AttributeError: 'NoneType' object has no attribute 'lower'")
        if key.lower() == "user-agent":
            return value
    return None


def store_refusal(data: dict[str, Any]) -> str | None:
    """Why 9.1.2's store endpoint refused the normalized event ``data`` (step 2 of the module
    docstring), or None: ``"403 <reason>"`` or ``"500 <what raised>"``."""
    size = len(json.dumps(data, separators=(",", ":")))
    if size > MAX_EVENT_JSON:
        return "403 Event size exceeded 10MB after normalization."
    try:
        reason = _security_filter(data)
        if reason is not None:
            return "403 " + reason
        user_agent = _user_agent(data)
    except _Crash as exc:
        return "500 %s" % exc
    if user_agent and isinstance(user_agent, str) and CRAWLERS.search(user_agent):
        return "403 Event dropped due to filter: web-crawlers"
    return None


#: src/sentry/models/grouphash.py: GroupHash.hash (``max_length=32``)
MAX_HASH_LENGTH = 32

#: src/sentry/models/distribution.py: Distribution.name (``max_length=64``; semaphore does
#: not trim ``dist``)
MAX_DIST_LENGTH = 64


def save_refusal(data: dict[str, Any]) -> str | None:
    """Why ``EventManager.save`` raised for the saved event ``data`` (step 4 of the module
    docstring), or None."""
    event_type = data.get("type")
    interface = SECURITY_INTERFACES.get(event_type) if isinstance(event_type, str) else None
    if interface is not None and isinstance(event_type, str):
        # src/sentry/eventtypes/security.py: <Type>Event.get_metadata reads data[type]
        value = data.get(event_type, KeyError)
        if value is KeyError:
            return "500 KeyError: %r (eventtypes: the %s interface is missing)" % (
                event_type,
                event_type,
            )
        try:
            interface.to_python(dict(value) if isinstance(value, dict) else value)
        except (InterfaceValidationError, TypeError, ValueError, AttributeError):
            return "500 InterfaceValidationError: Invalid interface data (eventtypes)"
    dist = data.get("dist")
    if data.get("release") and isinstance(dist, str) and len(dist) > MAX_DIST_LENGTH:
        # src/sentry/event_manager.py: EventManager.save -> release.add_dist(dist) (observed)
        return "500 DataError: value too long for type character varying(64) (release dist)"
    for value in data.get("hashes") or ():
        if isinstance(value, str) and len(value) > MAX_HASH_LENGTH:
            return "500 DataError: value too long for type character varying(32) (group hash)"
    return None
