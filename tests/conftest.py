"""Fixtures: build a records repository from a dict of files, as MkDocs' tests do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sample import commit_all, committed_build, sample_files, write_files
from signing import TestKey, make_key


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """``make_project({path: content or None}, commit=True)``: the sample with changes applied."""

    def make(changes: dict[str, str | bytes | None] | None = None, *, commit: bool = False,
             name: str = "records") -> Path:
        root = tmp_path / name
        write_files(root, {**sample_files(), **(changes or {})})
        if commit:
            commit_all(root)
        return root

    return make


@pytest.fixture(scope="session")
def sample_output(tmp_path_factory) -> Path:
    """The sample, committed and built once for every test that only reads what it produced."""
    root = tmp_path_factory.mktemp("sample") / "records"
    return committed_build(root, sample_files())


@pytest.fixture(scope="session")
def test_key(tmp_path_factory) -> TestKey:
    """A throwaway CA and signer (RSA), outside every records repository."""
    return make_key(tmp_path_factory.mktemp("keys"))


@pytest.fixture
def signing(monkeypatch, test_key) -> TestKey:
    """Builds in this test sign with ``test_key`` (the environment variables CI secrets set)."""
    for name, value in test_key.env().items():
        monkeypatch.setenv(name, value)
    return test_key
