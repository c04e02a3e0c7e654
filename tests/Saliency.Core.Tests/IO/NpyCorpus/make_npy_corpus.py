#!/usr/bin/python3
"""Writes the .npy golden corpus of NpyCorpusTests with real numpy (Debian's python3-numpy is enough).

Run from anywhere:  /usr/bin/python3 tests/Saliency.Core.Tests/IO/NpyCorpus/make_npy_corpus.py
It rewrites every *.npy in this folder and expected.json; the outputs are committed, so the tests need no Python.

Each file is an array as a user's numpy writes it with numpy.save: every numeric dtype numpy.load reads
(bool, int8..int64, uint8..uint64, float16..float64), little- and big-endian, C and Fortran order, 2-D and 3-D,
plus what numpy writes for a transposed mask (fortran_order True) and format versions 2.0 and 3.0.
expected.json lists, per file, what numpy.load gives back: the shape and the values in C order converted to
float64 (non-finite values as the strings "nan", "inf", "-inf"), and the header fields numpy read.
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240917)


def values_for(dtype, shape):
    n = int(np.prod(shape))
    kind = np.dtype(dtype).kind
    if kind == "b":
        return rng.integers(0, 2, n).astype(bool).reshape(shape)
    if kind in "iu":
        info = np.iinfo(dtype)
        a = rng.integers(info.min, info.max, n, dtype=np.int64 if kind == "i" else np.uint64, endpoint=True)
        a = a.astype(dtype)
        a[0], a[-1] = info.min, info.max  # the extremes survive every conversion
        if kind == "i":
            a[1] = -1
        return a.reshape(shape)
    a = (rng.standard_normal(n) * 100).astype(dtype)
    specials = [np.inf, -np.inf, np.nan, -0.0, np.finfo(dtype).tiny / 4, np.finfo(dtype).max]
    a[: len(specials)] = np.array(specials, dtype=dtype)
    return a.reshape(shape)


def as_json_values(a):
    out = []
    for v in np.asarray(a, dtype=np.float64).ravel(order="C"):
        if np.isnan(v):
            out.append("nan")
        elif np.isinf(v):
            out.append("inf" if v > 0 else "-inf")
        else:
            out.append(float(v))
    return out


def header_of(path):
    with open(path, "rb") as f:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
        else:
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
    return version, shape, fortran, dtype


entries = []


def save(name, array, version=None):
    path = os.path.join(HERE, name)
    if version is None:
        np.save(path, array)
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, array, version=version)
    loaded = np.load(path)  # what numpy gives back is the reference, not what was passed in
    assert loaded.shape == array.shape and np.array_equal(loaded, array, equal_nan=True), name
    version_read, shape, fortran, dtype = header_of(path)
    entries.append({
        "file": name,
        "version": f"{version_read[0]}.{version_read[1]}",
        "descr": np.lib.format.dtype_to_descr(dtype),
        "fortran_order": bool(fortran),
        "shape": list(shape),
        "values": as_json_values(loaded),
    })
    return fortran


for old in os.listdir(HERE):
    if old.endswith(".npy"):
        os.remove(os.path.join(HERE, old))

names = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float16", "float32", "float64"]
for name in names:
    dtype = np.dtype(name)
    orders = ["|"] if dtype.itemsize == 1 else ["<", ">"]
    for order_char in orders:
        typed = dtype.newbyteorder(order_char) if order_char != "|" else dtype
        tag = {"|": "na", "<": "le", ">": "be"}[order_char]
        for shape in [(3, 5), (2, 3, 4)]:
            base = values_for(dtype, shape).astype(typed)
            c = np.ascontiguousarray(base)
            f = np.asfortranarray(base)
            assert not save(f"{name}_{tag}_c_{len(shape)}d.npy", c)
            assert save(f"{name}_{tag}_f_{len(shape)}d.npy", f)  # numpy writes fortran_order: True

# What numpy writes for a transposed mask or map: the transpose of a C array is Fortran-contiguous.
mask = (rng.random((6, 4)) > 0.6).astype(np.uint8)
assert save("mask_uint8_transposed.npy", mask.T)
assert save("mask_bool_transposed.npy", (mask > 0).T)
assert save("map_float32_be_transposed.npy", rng.standard_normal((5, 7)).astype(">f4").T)
save("map_float64_1xHxW.npy", rng.standard_normal((1, 4, 6)))
save("map_float32_v2.npy", rng.standard_normal((3, 4)).astype("<f4"), version=(2, 0))
save("map_int16_be_f_v3.npy", np.asfortranarray(rng.integers(-300, 300, (4, 3)).astype(">i2")), version=(3, 0))

# A map and mask pair for `saliency score` as a numpy user may save them (big-endian float64 map and bool mask, both
# Fortran order) and the same arrays as C-order little-endian copies: the CLI must give identical scores for both.
score_map = rng.standard_normal((12, 20))
score_mask = np.zeros((12, 20), dtype=bool)
score_mask[3:6, 10:15] = True
assert save("score_map_be_f.npy", np.asfortranarray(score_map.astype(">f8")))
assert save("score_mask_bool_f.npy", np.asfortranarray(score_mask))
assert not save("score_map_le_c.npy", np.ascontiguousarray(score_map.astype("<f8")))
assert not save("score_mask_u1_c.npy", np.ascontiguousarray(score_mask.astype(np.uint8)))

with open(os.path.join(HERE, "expected.json"), "w") as f:
    # One file per line, so that a regenerated corpus diffs file by file.
    f.write('{"numpy": %s, "files": [\n' % json.dumps(np.__version__))
    f.write(",\n".join(json.dumps(e) for e in entries))
    f.write("\n]}\n")
print(f"wrote {len(entries)} files and expected.json with numpy {np.__version__}")
