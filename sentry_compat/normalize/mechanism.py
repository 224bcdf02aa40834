"""The exception ``mechanism`` as 9.1.2 (semaphore 0.4.65) stored it.

Observed on 9.1.2 + semaphore 0.4.65 (``tests/normalize/observations/exception.jsonl``;
semaphore's source was never read):

* Not an object: ``expected exception mechanism``; ``{}`` is dropped.
* **Legacy shape** (no ``type`` key at all, the old Cocoa SDKs): ``type`` becomes
  ``generic``, ``posix_signal`` moves to ``meta.signal`` (``signal`` -> ``number``, ``code``,
  ``name``, ``code_name``), ``mach_exception`` to ``meta.mach_exception`` (``exception``,
  ``code``, ``subcode``, ``exception_name`` -> ``name``); every other key (``handled``,
  ``synthetic``, ``description`` too) goes into ``data``.  A ``type: null`` is *not* legacy:
  it is a ``missing_attribute``.
* ``type``: a non-empty string (``expected a non-empty value``, no ``val``), cut at 128;
  ``description`` cut at 8192; ``help_link`` must start with ``http://``/``https://``
  (``expected http URL``), cut at 256; ``handled``/``synthetic`` booleans; ``data`` an object
  trimmed as a databag, ``{}`` dropped; ``meta`` ``{errno, signal, mach_exception}`` with
  required numbers, ``{}`` dropped.
* **Names from OS tables** (:data:`SIGNALS_DARWIN` ...; read off the oracle for every number):
  the OS is ``debug_meta.sdk_info.sdk_name``, else ``contexts.os.name`` (case-insensitive:
  macos/ios/tvos/watchos are Darwin, linux/android Linux, windows Windows).  Signal names
  for Darwin and Linux, signal code names for Darwin only, errno names per OS (Windows too);
  mach exception names always, whatever the OS.  A name the
  client sent is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._databag import trim_bag
from .context import Context
from .meta import Path
from .stacktrace import REASONS, as_bool, as_i64, as_string, as_u64, invalid, put, trim_limited

__all__ = [
    "MECHANISM_FIELDS",
    "fill_mechanism_names",
    "normalize_mechanism",
    "os_kind",
    "trim_mechanism",
]

#: Mechanism fields in semaphore's declaration order (the order of their errors).
MECHANISM_FIELDS = ("type", "synthetic", "description", "help_link", "handled", "data", "meta")

#: ``(limit, allowance)`` (see :func:`~.stacktrace.trim_limited`)
MECHANISM_LIMITS = {"type": (128, 0), "description": (8192, 200), "help_link": (256, 40)}

#: ``meta`` sub-objects: (key, type name in errors, fields (name, kind, required)).
META_SHAPES: tuple[tuple[str, str, tuple[tuple[str, str, bool], ...]], ...] = (
    ("errno", "cerror", (("number", "i64", True), ("name", "string", False))),
    (
        "signal",
        "posixsignal",
        (
            ("number", "i64", True),
            ("code", "i64", False),
            ("name", "string", False),
            ("code_name", "string", False),
        ),
    ),
    (
        "mach_exception",
        "machexception",
        (
            ("exception", "i64", True),
            ("code", "u64", True),
            ("subcode", "u64", True),
            ("name", "string", False),
        ),
    ),
)

#: ``sdk_info.sdk_name`` / ``contexts.os.name`` (lower-cased) -> the OS of the name tables.
OS_NAMES = {
    "macos": "darwin",
    "ios": "darwin",
    "tvos": "darwin",
    "watchos": "darwin",
    "linux": "linux",
    "android": "linux",
    "windows": "windows",
}

_COERCE = {"i64": as_i64, "u64": as_u64, "string": as_string}


def sdk_decides(sdk_info: Any) -> bool:
    """Does ``debug_meta.sdk_info`` decide the OS of the name tables?  Observed: whenever its
    ``sdk_name`` is a string, even ``""`` or a name no table knows (then no names at all,
    whatever ``contexts.os`` says); otherwise ``contexts.os`` does."""
    return isinstance(sdk_info, dict) and isinstance(sdk_info.get("sdk_name"), str)


def os_kind(event: dict[str, Any], sdk_info: Any = None) -> str | None:
    """``darwin``, ``linux`` or ``None`` for the name tables (:func:`sdk_decides`)."""
    if sdk_decides(sdk_info):
        return OS_NAMES.get(sdk_info["sdk_name"].lower())
    names = []
    contexts = event.get("contexts")
    if isinstance(contexts, dict) and isinstance(contexts.get("os"), dict):
        names.append(contexts["os"].get("name"))
    for name in names:
        if isinstance(name, str) and name.lower() in OS_NAMES:
            return OS_NAMES[name.lower()]
    return None


def _upgrade_legacy(value: dict[str, Any]) -> dict[str, Any]:
    """The old Cocoa shape (no ``type``) -> a ``generic`` mechanism (see the docstring)."""
    out: dict[str, Any] = {"type": "generic"}
    meta: dict[str, Any] = {}
    data = {k: v for k, v in value.items() if k not in ("posix_signal", "mach_exception")}
    if "posix_signal" in value:
        signal = value["posix_signal"]
        if isinstance(signal, dict):
            meta["signal"] = {
                "number": signal.get("signal"),
                "code": signal.get("code"),
                "name": signal.get("name"),
                "code_name": signal.get("code_name"),
            }
        else:
            meta["signal"] = _Legacy(signal, "legacyposixsignal")
    if "mach_exception" in value:
        mach = value["mach_exception"]
        if isinstance(mach, dict):
            meta["mach_exception"] = {
                "exception": mach.get("exception"),
                "code": mach.get("code"),
                "subcode": mach.get("subcode"),
                "name": mach.get("exception_name"),
            }
        else:
            meta["mach_exception"] = _Legacy(mach, "legacymachexception")
    if data:
        out["data"] = data
    if meta:
        out["meta"] = meta
    return out


class _Legacy:
    """A legacy signal/mach value that was not an object (its error names the legacy type)."""

    def __init__(self, value: Any, kind: str) -> None:
        self.value = value
        self.kind = kind


def _meta_part(value: Any, ctx: Context, path: Path, kind: str, fields: Any) -> Any:
    if isinstance(value, _Legacy):
        invalid(ctx, path, value.value, "expected " + value.kind)
        return None
    if value is None:
        return None
    if not isinstance(value, dict):
        invalid(ctx, path, value, "expected " + kind)
        return None
    out: dict[str, Any] = {}
    for name, coerce, required in fields:
        raw = value.get(name)
        if raw is None:
            if required:
                ctx.error((*path, name), "missing_attribute")
                out[name] = None
            continue
        new = _COERCE[coerce](raw, ctx, (*path, name))
        if new is not None or ctx.meta.get((*path, name)):
            out[name] = new
    return out


def _mechanism_meta(value: Any, ctx: Context, path: Path) -> Any:
    if value is None:
        return None
    if not isinstance(value, dict):
        invalid(ctx, path, value, "expected mechanismmeta")
        return None
    out: dict[str, Any] = {}
    for key, kind, fields in META_SHAPES:
        if key not in value:
            continue
        part = _meta_part(value[key], ctx, (*path, key), kind, fields)
        if part is not None or ctx.meta.get((*path, key)):
            out[key] = part
    return out or None


def normalize_mechanism(value: Any, ctx: Context, path: Path) -> Any:
    """The mechanism at ``path``; ``None`` when absent, empty or invalid."""
    if value is None:
        return None
    if not isinstance(value, dict):
        invalid(ctx, path, value, "expected exception mechanism")
        return None
    if not value:
        return None
    if "type" not in value:
        value = _upgrade_legacy(value)
    out: dict[str, Any] = {}

    kind = value.get("type")
    if kind is None:
        ctx.error((*path, "type"), "missing_attribute")
        out["type"] = None
    elif kind == "":
        ctx.error((*path, "type"), "invalid_data", reason=REASONS["non_empty"])
        out["type"] = None
    else:
        put(out, ctx, path, "type", as_string(kind, ctx, (*path, "type")))
    put(out, ctx, path, "synthetic", as_bool(value.get("synthetic"), ctx, (*path, "synthetic")))
    put(
        out,
        ctx,
        path,
        "description",
        as_string(value.get("description"), ctx, (*path, "description")),
    )
    link = as_string(value.get("help_link"), ctx, (*path, "help_link"))
    if link == "":
        ctx.error((*path, "help_link"), "invalid_data", reason=REASONS["non_empty"])
        link = None
    elif link is not None and not link.startswith(("http://", "https://")):
        invalid(ctx, (*path, "help_link"), link, "expected http URL")
        link = None
    put(out, ctx, path, "help_link", link)
    put(out, ctx, path, "handled", as_bool(value.get("handled"), ctx, (*path, "handled")))
    data = value.get("data")
    if data is not None and not isinstance(data, dict):
        invalid(ctx, (*path, "data"), data, REASONS["object"])
        data = None
    put(out, ctx, path, "data", data or None)
    put(out, ctx, path, "meta", _mechanism_meta(value.get("meta"), ctx, (*path, "meta")))
    return out


# ---------------------------------------------------------------------------- names
def fill_mechanism_names(mechanism: Any, os: str | None, given: Any = None) -> Any:
    """Fill missing signal/errno/mach names of ``mechanism`` (in place) for ``os``; returns
    the names that were there before (``given``, to redo the filling for another OS)."""
    meta = mechanism.get("meta") if isinstance(mechanism, dict) else None
    if not isinstance(meta, dict):
        return given
    if given is None:
        given = {
            key: {n: part.get(n) for n in ("name", "code_name")}
            for key, part in meta.items()
            if isinstance(part, dict)
        }
    for key, part in meta.items():
        if not isinstance(part, dict):
            continue
        for name in ("name", "code_name"):
            original = given.get(key, {}).get(name)
            if original is None:
                part.pop(name, None)
            else:
                part[name] = original
    signal, errno, mach = meta.get("signal"), meta.get("errno"), meta.get("mach_exception")
    if isinstance(mach, dict) and mach.get("name") is None:
        _put_name(mach, _name_in(MACH_EXCEPTIONS, _int(mach.get("exception"))))
    if os is None:
        return given
    if isinstance(signal, dict) and os in SIGNAL_TABLES:
        number = _int(signal.get("number"))
        table = SIGNAL_TABLES[os]
        if signal.get("name") is None:
            _put_name(signal, _name_in(table, number))
        if os == "darwin" and signal.get("code_name") is None and signal.get("code") is not None:
            codes = SIGNAL_CODES_DARWIN.get(number, {}) if number is not None else {}
            code_name = _name_in(codes, _int(signal.get("code")))
            if code_name is not None:
                signal["code_name"] = code_name
    if isinstance(errno, dict) and errno.get("name") is None:
        _put_name(errno, _name_in(ERRNO_TABLES[os], _int(errno.get("number"))))
    return given


def _name_in(table: Mapping[int, Any], number: int | None) -> Any:
    return None if number is None else table.get(number)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _put_name(part: dict[str, Any], name: str | None) -> None:
    if name is not None:
        part["name"] = name


def trim_mechanism(value: Any, ctx: Context, path: Path) -> None:
    """The trimming pass: strings and ``data``."""
    if not isinstance(value, dict):
        return
    for key, limits in MECHANISM_LIMITS.items():
        if isinstance(value.get(key), str):
            value[key] = trim_limited(value[key], limits, ctx, (*path, key))
    if isinstance(value.get("data"), dict):
        value["data"] = trim_bag(value["data"], ctx, (*path, "data"), "mechanism.data")


# ---------------------------------------------------------------------------- OS tables
# Read off 9.1.2 + semaphore 0.4.65 for every number (signals 0-79 and codes 0-19 per signal,
# errno 0-299, mach exceptions 0-39) with sdk_info macOS and Linux.

SIGNALS_DARWIN: dict[int, str] = {
    1: "SIGHUP",
    2: "SIGINT",
    3: "SIGQUIT",
    4: "SIGILL",
    5: "SIGTRAP",
    6: "SIGABRT",
    7: "SIGPOLL",
    8: "SIGFPE",
    9: "SIGKILL",
    10: "SIGBUS",
    11: "SIGSEGV",
    12: "SIGSYS",
    13: "SIGPIPE",
    14: "SIGALRM",
    15: "SIGTERM",
    16: "SIGURG",
    17: "SIGSTOP",
    18: "SIGTSTP",
    19: "SIGCONT",
    20: "SIGCHLD",
    21: "SIGTTIN",
    22: "SIGTTOU",
    23: "SIGIO",
    24: "SIGXCPU",
    25: "SIGXFSZ",
    26: "SIGVTALRM",
    27: "SIGPROF",
    28: "SIGWINCH",
    29: "SIGINFO",
    30: "SIGUSR1",
    31: "SIGUSR2",
}

SIGNALS_LINUX: dict[int, str] = {
    1: "SIGHUP",
    2: "SIGINT",
    3: "SIGQUIT",
    4: "SIGILL",
    5: "SIGTRAP",
    6: "SIGABRT",
    7: "SIGBUS",
    8: "SIGFPE",
    9: "SIGKILL",
    10: "SIGUSR1",
    11: "SIGSEGV",
    12: "SIGUSR2",
    13: "SIGPIPE",
    14: "SIGALRM",
    15: "SIGTERM",
    16: "SIGSTKFLT",
    17: "SIGCHLD",
    18: "SIGCONT",
    19: "SIGSTOP",
    20: "SIGTSTP",
    21: "SIGTTIN",
    22: "SIGTTOU",
    23: "SIGURG",
    24: "SIGXCPU",
    25: "SIGXFSZ",
    26: "SIGVTALRM",
    27: "SIGPROF",
    28: "SIGWINCH",
    29: "SIGIO",
    30: "SIGPWR",
    31: "SIGSYS",
}

SIGNAL_CODES_DARWIN: dict[int, dict[int, str]] = {
    4: {
        0: "ILL_NOOP",
        1: "ILL_ILLOPC",
        2: "ILL_ILLTRP",
        3: "ILL_PRVOPC",
        4: "ILL_ILLOPN",
        5: "ILL_ILLADR",
        6: "ILL_PRVREG",
        7: "ILL_COPROC",
        8: "ILL_BADSTK",
    },
    5: {1: "TRAP_BRKPT", 2: "TRAP_TRACE"},
    7: {1: "POLL_IN", 2: "POLL_OUT", 3: "POLL_MSG", 4: "POLL_ERR", 5: "POLL_PRI", 6: "POLL_HUP"},
    8: {
        0: "FPE_NOOP",
        1: "FPE_FLTDIV",
        2: "FPE_FLTOVF",
        3: "FPE_FLTUND",
        4: "FPE_FLTRES",
        5: "FPE_FLTINV",
        6: "FPE_FLTSUB",
        7: "FPE_INTDIV",
        8: "FPE_INTOVF",
    },
    10: {0: "BUS_NOOP", 1: "BUS_ADRALN", 2: "BUS_ADRERR", 3: "BUS_OBJERR"},
    11: {0: "SEGV_NOOP", 1: "SEGV_MAPERR", 2: "SEGV_ACCERR"},
    20: {
        0: "CLD_NOOP",
        1: "CLD_EXITED",
        2: "CLD_KILLED",
        3: "CLD_DUMPED",
        4: "CLD_TRAPPED",
        5: "CLD_STOPPED",
        6: "CLD_CONTINUED",
    },
}

ERRNO_DARWIN: dict[int, str] = {
    1: "EPERM",
    2: "ENOENT",
    3: "ESRCH",
    4: "EINTR",
    5: "EIO",
    6: "ENXIO",
    7: "E2BIG",
    8: "ENOEXEC",
    9: "EBADF",
    10: "ECHILD",
    11: "EDEADLK",
    12: "ENOMEM",
    13: "EACCES",
    14: "EFAULT",
    15: "ENOTBLK",
    16: "EBUSY",
    17: "EEXIST",
    18: "EXDEV",
    19: "ENODEV",
    20: "ENOTDIR",
    21: "EISDIR",
    22: "EINVAL",
    23: "ENFILE",
    24: "EMFILE",
    25: "ENOTTY",
    26: "ETXTBSY",
    27: "EFBIG",
    28: "ENOSPC",
    29: "ESPIPE",
    30: "EROFS",
    31: "EMLINK",
    32: "EPIPE",
    33: "EDOM",
    34: "ERANGE",
    35: "EAGAIN",
    36: "EINPROGRESS",
    37: "EALREADY",
    38: "ENOTSOCK",
    39: "EDESTADDRREQ",
    40: "EMSGSIZE",
    41: "EPROTOTYPE",
    42: "ENOPROTOOPT",
    43: "EPROTONOSUPPORT",
    44: "ESOCKTNOSUPPORT",
    45: "ENOTSUP",
    46: "EPFNOSUPPORT",
    47: "EAFNOSUPPORT",
    48: "EADDRINUSE",
    49: "EADDRNOTAVAIL",
    50: "ENETDOWN",
    51: "ENETUNREACH",
    52: "ENETRESET",
    53: "ECONNABORTED",
    54: "ECONNRESET",
    55: "ENOBUFS",
    56: "EISCONN",
    57: "ENOTCONN",
    58: "ESHUTDOWN",
    59: "ETOOMANYREFS",
    60: "ETIMEDOUT",
    61: "ECONNREFUSED",
    62: "ELOOP",
    63: "ENAMETOOLONG",
    64: "EHOSTDOWN",
    65: "EHOSTUNREACH",
    66: "ENOTEMPTY",
    67: "EPROCLIM",
    68: "EUSERS",
    69: "EDQUOT",
    70: "ESTALE",
    71: "EREMOTE",
    72: "EBADRPC",
    73: "ERPCMISMATCH",
    74: "EPROGUNAVAIL",
    75: "EPROGMISMATCH",
    76: "EPROCUNAVAIL",
    77: "ENOLCK",
    78: "ENOSYS",
    79: "EFTYPE",
    80: "EAUTH",
    81: "ENEEDAUTH",
    82: "EPWROFF",
    83: "EDEVERR",
    84: "EOVERFLOW",
    85: "EBADEXEC",
    86: "EBADARCH",
    87: "ESHLIBVERS",
    88: "EBADMACHO",
    89: "ECANCELED",
    90: "EIDRM",
    91: "ENOMSG",
    92: "EILSEQ",
    93: "ENOATTR",
    94: "EBADMSG",
    95: "EMULTIHOP",
    96: "ENODATA",
    97: "ENOLINK",
    98: "ENOSR",
    99: "ENOSTR",
    100: "EPROTO",
    101: "ETIME",
    102: "EOPNOTSUPP",
    103: "ENOPOLICY",
    104: "ENOTRECOVERABLE",
    105: "EOWNERDEAD",
    106: "EQFULL",
}

ERRNO_LINUX: dict[int, str] = {
    1: "EPERM",
    2: "ENOENT",
    3: "ESRCH",
    4: "EINTR",
    5: "EIO",
    6: "ENXIO",
    7: "E2BIG",
    8: "ENOEXEC",
    9: "EBADF",
    10: "ECHILD",
    11: "EAGAIN",
    12: "ENOMEM",
    13: "EACCES",
    14: "EFAULT",
    15: "ENOTBLK",
    16: "EBUSY",
    17: "EEXIST",
    18: "EXDEV",
    19: "ENODEV",
    20: "ENOTDIR",
    21: "EISDIR",
    22: "EINVAL",
    23: "ENFILE",
    24: "EMFILE",
    25: "ENOTTY",
    26: "ETXTBSY",
    27: "EFBIG",
    28: "ENOSPC",
    29: "ESPIPE",
    30: "EROFS",
    31: "EMLINK",
    32: "EPIPE",
    33: "EDOM",
    34: "ERANGE",
    35: "EDEADLK",
    36: "ENAMETOOLONG",
    37: "ENOLCK",
    38: "ENOSYS",
    39: "ENOTEMPTY",
    40: "ELOOP",
    42: "ENOMSG",
    43: "EIDRM",
    44: "ECHRNG",
    45: "EL2NSYNC",
    46: "EL3HLT",
    47: "EL3RST",
    48: "ELNRNG",
    49: "EUNATCH",
    50: "ENOCSI",
    51: "EL2HLT",
    52: "EBADE",
    53: "EBADR",
    54: "EXFULL",
    55: "ENOANO",
    56: "EBADRQC",
    57: "EBADSLT",
    59: "EBFONT",
    60: "ENOSTR",
    61: "ENODATA",
    62: "ETIME",
    63: "ENOSR",
    64: "ENONET",
    65: "ENOPKG",
    66: "EREMOTE",
    67: "ENOLINK",
    68: "EADV",
    69: "ESRMNT",
    70: "ECOMM",
    71: "EPROTO",
    72: "EMULTIHOP",
    73: "EDOTDOT",
    74: "EBADMSG",
    75: "EOVERFLOW",
    76: "ENOTUNIQ",
    77: "EBADFD",
    78: "EREMCHG",
    79: "ELIBACC",
    80: "ELIBBAD",
    81: "ELIBSCN",
    82: "ELIBMAX",
    83: "ELIBEXEC",
    84: "EILSEQ",
    85: "ERESTART",
    86: "ESTRPIPE",
    87: "EUSERS",
    88: "ENOTSOCK",
    89: "EDESTADDRREQ",
    90: "EMSGSIZE",
    91: "EPROTOTYPE",
    92: "ENOPROTOOPT",
    93: "EPROTONOSUPPORT",
    94: "ESOCKTNOSUPPORT",
    95: "EOPNOTSUPP",
    96: "EPFNOSUPPORT",
    97: "EAFNOSUPPORT",
    98: "EADDRINUSE",
    99: "EADDRNOTAVAIL",
    100: "ENETDOWN",
    101: "ENETUNREACH",
    102: "ENETRESET",
    103: "ECONNABORTED",
    104: "ECONNRESET",
    105: "ENOBUFS",
    106: "EISCONN",
    107: "ENOTCONN",
    108: "ESHUTDOWN",
    109: "ETOOMANYREFS",
    110: "ETIMEDOUT",
    111: "ECONNREFUSED",
    112: "EHOSTDOWN",
    113: "EHOSTUNREACH",
    114: "EALREADY",
    115: "EINPROGRESS",
    116: "ESTALE",
    117: "EUCLEAN",
    118: "ENOTNAM",
    119: "ENAVAIL",
    120: "EISNAM",
    121: "EREMOTEIO",
    122: "EDQUOT",
    123: "ENOMEDIUM",
    124: "EMEDIUMTYPE",
    125: "ECANCELED",
    126: "ENOKEY",
    127: "EKEYEXPIRED",
    128: "EKEYREVOKED",
    129: "EKEYREJECTED",
    130: "EOWNERDEAD",
    131: "ENOTRECOVERABLE",
    132: "ERFKILL",
    133: "EHWPOISON",
}

MACH_EXCEPTIONS: dict[int, str] = {
    1: "EXC_BAD_ACCESS",
    2: "EXC_BAD_INSTRUCTION",
    3: "EXC_ARITHMETIC",
    4: "EXC_EMULATION",
    5: "EXC_SOFTWARE",
    6: "EXC_BREAKPOINT",
    7: "EXC_SYSCALL",
    8: "EXC_MACH_SYSCALL",
    9: "EXC_RPC_ALERT",
    10: "EXC_CRASH",
    11: "EXC_RESOURCE",
    12: "EXC_GUARD",
    13: "EXC_CORPSE_NOTIFY",
}

ERRNO_WINDOWS: dict[int, str] = {
    1: "EPERM",
    2: "ENOENT",
    3: "ESRCH",
    4: "EINTR",
    5: "EIO",
    6: "ENXIO",
    7: "E2BIG",
    8: "ENOEXEC",
    9: "EBADF",
    10: "ECHILD",
    11: "EAGAIN",
    12: "ENOMEM",
    13: "EACCES",
    14: "EFAULT",
    16: "EBUSY",
    17: "EEXIST",
    18: "EXDEV",
    19: "ENODEV",
    20: "ENOTDIR",
    21: "EISDIR",
    22: "EINVAL",
    23: "ENFILE",
    24: "EMFILE",
    25: "ENOTTY",
    27: "EFBIG",
    28: "ENOSPC",
    29: "ESPIPE",
    30: "EROFS",
    31: "EMLINK",
    32: "EPIPE",
    33: "EDOM",
    34: "ERANGE",
    36: "EDEADLK",
    38: "ENAMETOOLONG",
    39: "ENOLCK",
    40: "ENOSYS",
    41: "ENOTEMPTY",
    42: "EILSEQ",
    80: "STRUNCATE",
    100: "EADDRINUSE",
    101: "EADDRNOTAVAIL",
    102: "EAFNOSUPPORT",
    103: "EALREADY",
    104: "EBADMSG",
    105: "ECANCELED",
    106: "ECONNABORTED",
    107: "ECONNREFUSED",
    108: "ECONNRESET",
    109: "EDESTADDRREQ",
    110: "EHOSTUNREACH",
    111: "EIDRM",
    112: "EINPROGRESS",
    113: "EISCONN",
    114: "ELOOP",
    115: "EMSGSIZE",
    116: "ENETDOWN",
    117: "ENETRESET",
    118: "ENETUNREACH",
    119: "ENOBUFS",
    120: "ENODATA",
    121: "ENOLINK",
    122: "ENOMSG",
    123: "ENOPROTOOPT",
    124: "ENOSR",
    125: "ENOSTR",
    126: "ENOTCONN",
    127: "ENOTRECOVERABLE",
    128: "ENOTSOCK",
    129: "ENOTSUP",
    130: "EOPNOTSUPP",
    131: "EOTHER",
    132: "EOVERFLOW",
    133: "EOWNERDEAD",
    134: "EPROTO",
    135: "EPROTONOSUPPORT",
    136: "EPROTOTYPE",
    137: "ETIME",
    138: "ETIMEDOUT",
    139: "ETXTBSY",
    140: "EWOULDBLOCK",
}

SIGNAL_TABLES = {"darwin": SIGNALS_DARWIN, "linux": SIGNALS_LINUX}
ERRNO_TABLES = {"darwin": ERRNO_DARWIN, "linux": ERRNO_LINUX, "windows": ERRNO_WINDOWS}
