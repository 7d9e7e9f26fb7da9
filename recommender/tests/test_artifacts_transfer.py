"""The transfer .npz compresses only what compression shrinks."""

from __future__ import annotations

import io
import zipfile

import numpy as np

from recommender.storage import write_npz


def test_float_arrays_and_byte_blobs_are_stored_and_the_rest_deflated_and_all_read_back():
    rng = np.random.default_rng(0)
    arrays = {
        "factors": rng.standard_normal((300, 8), dtype=np.float32),
        "index": rng.integers(0, 255, 1000).astype(np.uint8),
        "ids": np.arange(5000, dtype=np.int64),
        "__meta__": np.array('{"a": 1}'),
    }
    buffer = io.BytesIO()

    write_npz(buffer, arrays)

    buffer.seek(0)
    with zipfile.ZipFile(buffer) as archive:
        kinds = {info.filename: info.compress_type for info in archive.infolist()}
    assert kinds == {
        "factors.npy": zipfile.ZIP_STORED,
        "index.npy": zipfile.ZIP_STORED,
        "ids.npy": zipfile.ZIP_DEFLATED,
        "__meta__.npy": zipfile.ZIP_DEFLATED,
    }
    buffer.seek(0)
    with np.load(buffer, allow_pickle=False) as loaded:
        for name, array in arrays.items():
            np.testing.assert_array_equal(loaded[name], array)
    assert buffer.getbuffer().nbytes < 300 * 8 * 4 + 1000 + 5000 * 8  # the ids shrank
