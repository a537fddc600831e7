"""The emulated Cloud Tasks' rules on their own: back-off and queue settings."""

from __future__ import annotations

import pytest

from workspace_emulator.core.framework import ApiError
from workspace_emulator.tasks.model import backoff, new_queue, patched_queue

NAME = "projects/p/locations/l/queues/q"


def test_back_off_doubles_then_grows_linearly_up_to_the_maximum() -> None:
    queue = new_queue(NAME, {"retryConfig": {"minBackoff": "10s", "maxBackoff": "300s",
                                             "maxDoublings": 3}})  # fmt: skip
    assert [backoff(queue, n) for n in range(1, 9)] == [10, 20, 40, 80, 160, 240, 300, 300]


def test_queue_defaults_and_a_masked_patch() -> None:
    queue = new_queue(NAME, {})
    assert queue["rateLimits"] == {"maxDispatchesPerSecond": 500.0, "maxBurstSize": 100,
                                   "maxConcurrentDispatches": 1000}  # fmt: skip
    assert queue["retryConfig"]["maxAttempts"] == 100
    patched = patched_queue(queue, {"rateLimits": {"maxDispatchesPerSecond": 10}},
                            "rateLimits.maxDispatchesPerSecond")  # fmt: skip
    assert patched["rateLimits"]["maxDispatchesPerSecond"] == 10
    assert patched["rateLimits"]["maxBurstSize"] == 2
    assert patched["rateLimits"]["maxConcurrentDispatches"] == 1000
    assert patched_queue(queue, {}, "retryConfig")["retryConfig"] == queue["retryConfig"]


@pytest.mark.parametrize(
    "body",
    [
        {"rateLimits": {"maxDispatchesPerSecond": 600}},
        {"rateLimits": {"maxConcurrentDispatches": 6000}},
        {"retryConfig": {"minBackoff": "10s", "maxBackoff": "5s"}},
        {"retryConfig": {"maxDoublings": -1}},
        {"retryConfig": {"minBackoff": "ten"}},
    ],
)
def test_impossible_settings_are_refused(body: dict[str, object]) -> None:
    with pytest.raises(ApiError) as refused:
        new_queue(NAME, body)
    assert refused.value.code == 400
