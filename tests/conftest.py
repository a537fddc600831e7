"""Settings for the whole suite."""

from __future__ import annotations

import os

from hypothesis import settings

# Property tests judge correctness, not speed: no per-example deadline (a loaded 2-core CI
# machine running the tiers in parallel would otherwise fail them at random). In CI the
# examples are derandomized, so a red run reproduces.
settings.register_profile("suite", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("suite")
