"""The saved-network file: a ``.npz`` archive of plain arrays (never pickles).

`bpbook.Network.save` and `bpbook.Network.load` use this module; it knows the
layout and checks it, and knows nothing else about networks. The layout:

* ``format``: the string ``"bpbook-network"``;
* ``version``: the integer 1;
* ``activations``: a 1-D string array, one activation name per layer;
* ``weights_<k>``: the weight matrix of layer ``k``, for ``k = 1 .. L``;
* ``biases_<k>``: the biases of layer ``k``, absent when the layer has none.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence
from typing import Any

import numpy as np

from bpbook.checks import FloatArray, InputError, describe

__all__ = ["FORMAT", "FORMAT_VERSION", "read_network_file", "write_network_file"]

FORMAT = "bpbook-network"
"""The ``format`` tag of a saved network."""

FORMAT_VERSION = 1
"""The ``version`` of the layout written here."""


def write_network_file(
    path: str | os.PathLike[str],
    activation_names: Sequence[str],
    weights: Sequence[FloatArray],
    biases: Sequence[FloatArray | None],
) -> None:
    """Write one network's arrays to ``path`` (exactly that file name)."""
    arrays: dict[str, Any] = {
        "format": np.array(FORMAT),
        "version": np.array(FORMAT_VERSION),
        "activations": np.array(list(activation_names), dtype=str),
    }
    for k, (w, b) in enumerate(zip(weights, biases, strict=True), start=1):
        arrays[f"weights_{k}"] = w
        if b is not None:
            arrays[f"biases_{k}"] = b
    with open(os.fspath(path), "wb") as file:
        np.savez(file, **arrays)


def read_network_file(
    path: str | os.PathLike[str],
) -> tuple[list[str], list[Any], list[Any | None]]:
    """Activation names, weights and biases (``None`` where absent) read from ``path``.

    Raises `InputError` when the file is not a bpbook network file;
    `FileNotFoundError` when there is no such file.
    """
    where = describe(os.fspath(path))
    try:
        with np.load(os.fspath(path), allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except FileNotFoundError:
        raise
    except (ValueError, OSError, zipfile.BadZipFile, EOFError, AttributeError) as error:
        raise InputError(
            f"path: expected a bpbook network saved by Network.save (.npz), got {where}, "
            f"which numpy cannot read as one ({type(error).__name__})"
        ) from None
    names = _checked_header(arrays, where)
    n_layers = len(names)
    weight_keys = [f"weights_{k}" for k in range(1, n_layers + 1)]
    bias_keys = [f"biases_{k}" for k in range(1, n_layers + 1)]
    missing = [key for key in weight_keys if key not in arrays]
    unexpected = sorted(
        set(arrays) - {"format", "version", "activations", *weight_keys, *bias_keys}
    )
    if missing or unexpected:
        raise InputError(
            f"path: expected keys weights_1 .. weights_{n_layers} (and optional biases_<k>) "
            f"in {where}, missing {missing[:3]}, unexpected {unexpected[:3]}"
        )
    return names, [arrays[key] for key in weight_keys], [arrays.get(key) for key in bias_keys]


def _checked_header(arrays: dict[str, Any], where: str) -> list[str]:
    """The activation names, once ``format`` and ``version`` are checked."""
    tag = arrays.get("format")
    if tag is None or tag.shape != () or str(tag) != FORMAT:
        got = "no 'format' key" if tag is None else describe(tag.tolist())
        raise InputError(f"path: expected format {FORMAT!r}, got {got} in {where}")
    version = arrays.get("version")
    if version is None or version.shape != () or version.dtype.kind not in "iu":
        raise InputError(f"path: expected an integer 'version' key in {where}")
    if int(version) != FORMAT_VERSION:
        raise InputError(
            f"path: expected version {FORMAT_VERSION} of the {FORMAT} layout, "
            f"got version {int(version)} in {where}"
        )
    names = arrays.get("activations")
    if names is None or names.ndim != 1 or names.dtype.kind != "U" or names.size == 0:
        raise InputError(f"path: expected a 1-D string array 'activations' in {where}")
    return [str(name) for name in names]
