"""The one check behind both bad-input tables (test_bad_input.py, test_bad_input_api.py).

A bad call must raise the expected bpbook error whose message matches the table's regex,
names the argument first (or starts "the ..." for a whole-run error such as training
that diverged), fits on one line of at most `MAX_MESSAGE_LENGTH` characters, and leaves
every argument as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest

from bpbook import BpbookError
from bpbook.checks import MAX_MESSAGE_LENGTH

# "weights: ...", "weights[1] (layer 2): ...", "highlight layer: ...", "inputs/targets: ...",
# "learning_rate and updated: ...", or "the loss grew ..." for a whole run.
_NAME = r"[a-z_]\w*"
NAMES_THE_ARGUMENT = re.compile(
    rf"({_NAME}((/| and ){_NAME})?(\[\d+\] \(layer \d+\))?( {_NAME})?: )|the "
)


def assert_clear_error(
    call: Callable[[], object],
    kind: type[Exception],
    message: str,
    snapshot: Callable[[], list[np.ndarray]],
) -> None:
    """Run a bad ``call`` and check its error and that ``snapshot()`` did not change."""
    before = snapshot()
    with pytest.raises(kind, match=message) as caught:
        call()
    text = str(caught.value)
    assert isinstance(caught.value, BpbookError), f"{type(caught.value).__name__}: {text[:120]}"
    assert len(text) <= MAX_MESSAGE_LENGTH, f"{len(text)} characters: {text[:120]}..."
    assert "\n" not in text, f"one line: {text[:120]}"
    assert NAMES_THE_ARGUMENT.match(text), f"names the argument first: {text[:120]}"
    for was, now in zip(before, snapshot(), strict=True):
        np.testing.assert_array_equal(was, now, err_msg="a failed call changed its arguments")
