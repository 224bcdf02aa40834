"""Legacy ``Frame``/``Stacktrace.to_python`` rules (src/sentry/interfaces/stacktrace.py)."""

from __future__ import annotations

import pytest

from sentry_compat.interfaces import Frame, InterfaceValidationError, Stacktrace
from sentry_compat.interfaces.stacktrace import get_context, slim_frame_data, to_hex_addr


def test_frame_schema_cleanup_is_in_place() -> None:
    data = {
        "function": "?",
        "symbol": "",
        "platform": "swift",  # not in VALID_PLATFORMS: deleted
        "in_app": "yes",  # wrong type: schema default false
        "bogus": 1,  # unknown key: deleted
        "module": None,  # None: deleted
        "lineno": "12",
        "colno": -1,
        "filename": "a.py",
    }
    f = Frame.to_python(data)
    assert data == {
        "function": "?",
        "symbol": "",
        "in_app": False,
        "lineno": "12",
        "colno": -1,
        "filename": "a.py",
    }
    assert f.function is None and f.symbol is None and f.platform is None
    assert f.in_app is False and f.lineno == 12 and f.colno is None
    # a single path fills both fields
    assert (f.abs_path, f.filename) == ("a.py", "a.py")


@pytest.mark.parametrize(
    ("abs_path", "filename"),
    [
        ("http://x.invalid/static/app.js?v=1", "/static/app.js"),
        ("https://x.invalid", "https://x.invalid"),
        ("https://x.invalid/a;b/c.js;x", "/a;b/c.js"),  # py2 urlparse splits ;params off http
        ("blob:http://x.invalid/1", "blob:http://x.invalid/1"),  # blob: is not is_url()
        ("file:///a/b.js", "/a/b.js"),
    ],
)
def test_frame_filename_from_url(abs_path: str, filename: str) -> None:
    f = Frame.to_python({"abs_path": abs_path})
    assert f.filename == filename


def test_context_line_defaults_and_trims() -> None:
    f = Frame.to_python({"pre_context": ["a", None]})
    assert f.context_line == "" and f.pre_context == ["a", ""]
    f = Frame.to_python({"context_line": "x" * 300, "function": "f" * 300})
    assert f.context_line == "x" * 253 + "..." and f.function == "f" * 253 + "..."


def test_invalid_lineno_raises() -> None:
    with pytest.raises(ValueError):
        Frame.to_python({"lineno": "1_000"})  # py2 int() has no digit separators


def test_to_hex_addr() -> None:
    assert to_hex_addr(255) == "0xff"
    assert to_hex_addr("0xFF") == "0xff"
    assert to_hex_addr("16") == "0x10"
    with pytest.raises(ValueError):
        to_hex_addr(1.5)
    with pytest.raises(ValueError):
        to_hex_addr("0x" + "f" * 30)


def test_stacktrace_hard_limit_and_null_frames() -> None:
    frames = [{"function": "f%d" % i} for i in range(300)]
    st = Stacktrace.to_python({"frames": [*frames, None]})
    # None frames are skipped after the 250-frame cut (first 249 + the last entry)
    assert len(st.frames) == 249
    st = Stacktrace.to_python({"frames": frames})
    assert [f.function for f in st.frames[-2:]] == ["f248", "f299"]
    st = Stacktrace.to_python({"frames": [None, {}, []]})
    assert len(st.frames) == 2 and st.frames[0].function is None


def test_stacktrace_schema_rejects_bad_frames_list() -> None:
    st = Stacktrace.to_python({"frames": "nope", "extra": 1})
    assert st.frames == []
    with pytest.raises(InterfaceValidationError):
        Stacktrace.to_python(["not", "an", "object"])


def test_slim_frame_data_uses_py2_floor_division() -> None:
    frames = [
        Frame.to_python({"function": "f", "vars": {"a": 1}, "in_app": False}) for _ in range(53)
    ]
    slim_frame_data(frames, 50)
    kept = [f.vars is not None for f in frames]
    assert kept[:25] == [True] * 25 and kept[-25:] == [True] * 25 and kept[25:28] == [False] * 3


def test_get_context_and_api_context() -> None:
    assert get_context(10, "c", ["a", "b"], ["d"]) == [(8, "a"), (9, "b"), (10, "c"), (11, "d")]
    st = Stacktrace.to_python(
        {
            "frames": [
                {"function": "f", "instruction_addr": "0x1", "in_app": True},
                {"symbol_addr": 4096},
            ]
        }
    )
    ctx = st.get_api_context()
    assert ctx["hasSystemFrames"] is True
    assert [f["instructionAddr"] for f in ctx["frames"]] == ["0x0001", None]
    assert "vars" in ctx["frames"][0]
    assert "vars" not in st.get_api_context(is_public=True)["frames"][0]


def test_frame_fields_are_attributes_and_data() -> None:
    """A frame's fields are both its attributes and its ``_data``; a field named like a
    class attribute leaves the class attribute alone (as with every interface)."""
    import copy as copy_module

    frame = Frame.to_python({"filename": "a.py", "lineno": 3, "function": "f"})
    assert frame.filename == frame._data["filename"] == "a.py"
    with pytest.raises(AttributeError):
        frame.nope  # noqa: B018
    with pytest.raises(KeyError):
        frame.nope  # noqa: B018
    frame.vars = {"a": 1}
    assert frame._data["vars"] == {"a": 1}
    clone = copy_module.deepcopy(frame)
    assert clone == frame and clone._data is not frame._data and clone.vars == {"a": 1}

    odd = Frame(path="x", filename="b", to_json=1, get_api_context=2)
    assert isinstance(odd, Frame) and type(odd).__name__ == "Frame"
    assert odd.path == odd.external_type == "frame"
    assert odd._data == {"path": "x", "filename": "b", "to_json": 1, "get_api_context": 2}
    assert odd.filename == "b" and callable(odd.to_json)
    odd.lineno = 4
    assert odd._data["lineno"] == 4
    assert repr(odd) == "<Frame %r>" % (odd._data,)
    assert copy_module.deepcopy(odd) == odd
