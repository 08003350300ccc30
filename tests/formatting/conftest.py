"""Builds in these tests are dated by ``SOURCE_DATE_EPOCH`` (reproducible builds), so a run
that crosses midnight makes the same pages as any other, and read no link-check cache but the
one a test makes (``XDG_CACHE_HOME`` points to an empty folder)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from samples import BUILD_EPOCH


@pytest.fixture(scope="session", autouse=True)
def _fixed_build_date(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:  # session-wide: module fixtures build with it too
        patch.setenv("SOURCE_DATE_EPOCH", str(BUILD_EPOCH))
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield
