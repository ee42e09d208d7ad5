"""The best-ratio encodings of static files are kept on disk, so a restart (or a new worker) compresses nothing."""

import gzip

import brotli
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.serving import compression
from dashboard.serving.compression import DECODERS, ENCODERS, _encoded


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NK_ARRIVALS_CACHE", str(tmp_path))
    _encoded.cache_clear()
    yield tmp_path / "compressed"
    _encoded.cache_clear()


def refuse(_data: bytes) -> bytes:
    raise AssertionError("compressed again")


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_an_encoding_made_once_is_read_back_by_the_next_process(cache, monkeypatch, encoding):
    data = b"window.plotly = 1;\n" * 4000
    made = _encoded(data, encoding)
    _encoded.cache_clear()  # what a new process starts with
    monkeypatch.setitem(ENCODERS, encoding, refuse)
    assert _encoded(data, encoding) == made
    assert DECODERS[encoding](made) == data
    assert [path.suffix for path in cache.iterdir()] == [f".{compression.LEVELS[encoding]}"]


@pytest.mark.parametrize("damage", [b"", b"not brotli at all", "truncated", "other bytes"])
def test_a_kept_file_that_is_not_this_files_encoding_is_made_again(cache, damage):
    data = b"body { color: black }\n" * 500
    made = _encoded(data, "br")
    kept = next(cache.iterdir())
    if damage == "truncated":
        kept.write_bytes(made[: len(made) // 2])
    elif damage == "other bytes":
        kept.write_bytes(brotli.compress(b"something else"))
    else:
        kept.write_bytes(damage)
    _encoded.cache_clear()
    again = _encoded(data, "br")
    assert brotli.decompress(again) == data
    assert kept.read_bytes() == again  # mended for the next start


def test_a_cache_folder_that_cannot_be_written_still_compresses(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_bytes(b"")
    monkeypatch.setenv("NK_ARRIVALS_CACHE", str(blocked))  # a file where the folder should be
    _encoded.cache_clear()
    data = b"x = 1;\n" * 100
    assert gzip.decompress(_encoded(data, "gzip")) == data
    _encoded.cache_clear()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2048), encoding=st.sampled_from(sorted(ENCODERS)))
def test_any_bytes_come_back_whole_made_or_kept(cache, data, encoding):
    for _ in range(2):  # made, then read back from disk
        _encoded.cache_clear()
        assert DECODERS[encoding](_encoded(data, encoding)) == data
