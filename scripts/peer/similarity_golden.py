#!/usr/bin/python3
"""Golden values for the C# Spearman correlation and SSIM (tests/Saliency.Core.Tests/Metrics/Golden/similarity.json).

scipy.stats.spearmanr (ties: average ranks) and skimage.metrics.structural_similarity with its defaults (7 x 7
uniform window, sample covariance, K1 = 0.01, K2 = 0.03) and data_range = 1, on small seeded arrays stored in the
JSON as float32 values (the computations run in float64 on exactly those values). The "absolute maps" SSIM cases
scale each map by its largest magnitude first (|m| / max |m|), as the sanity check does.

Needs scipy and scikit-image (Debian: python3-scipy, python3-skimage). Run from anywhere:
  /usr/bin/python3 scripts/peer/similarity_golden.py > tests/Saliency.Core.Tests/Metrics/Golden/similarity.json
"""
import json
import platform
import sys

import numpy as np
import scipy
import scipy.stats
import skimage
from skimage.metrics import structural_similarity

rng = np.random.default_rng(20240615)


def f32(a):
    return np.asarray(a, dtype=np.float32)


def spearman_case(name, a, b):
    a, b = f32(a), f32(b)
    rho = scipy.stats.spearmanr(a.astype(np.float64).ravel(), b.astype(np.float64).ravel()).correlation
    return {"name": name, "a": a.ravel().tolist(), "b": b.ravel().tolist(), "rho": float(rho)}


def ssim_case(name, a, b, absolute):
    a, b = f32(a), f32(b)
    x, y = a.astype(np.float64), b.astype(np.float64)
    if absolute:
        x = np.abs(x) / np.abs(x).max()
        y = np.abs(y) / np.abs(y).max()
    s = structural_similarity(x, y, data_range=1.0)
    return {"name": name, "height": a.shape[0], "width": a.shape[1], "absolute": absolute,
            "a": a.ravel().tolist(), "b": b.ravel().tolist(), "ssim": float(s)}


base = rng.normal(size=60)
ties = rng.integers(0, 5, size=40)
relu = np.maximum(rng.normal(size=(16, 16)), 0)
spearman = [
    spearman_case("correlated", base, base + rng.normal(scale=0.7, size=60)),
    spearman_case("anticorrelated", base, -base + rng.normal(scale=0.3, size=60)),
    spearman_case("ties both sides", ties, ties + rng.integers(0, 3, size=40)),
    spearman_case("relu maps (many zeros)", relu, np.maximum(relu + rng.normal(scale=0.5, size=(16, 16)), 0)),
    spearman_case("independent", rng.normal(size=100), rng.normal(size=100)),
]

img = rng.random((16, 16))
signed = rng.normal(size=(9, 12))
ssim = [
    ssim_case("noisy copy 16x16", img, np.clip(img + rng.normal(scale=0.1, size=(16, 16)), 0, 1), False),
    ssim_case("unrelated 9x12", rng.random((9, 12)), rng.random((9, 12)), False),
    ssim_case("smooth vs shifted 20x13", np.add.outer(np.sin(np.arange(20) / 3), np.cos(np.arange(13) / 4)) / 2 + 0.5,
              np.add.outer(np.sin(np.arange(1, 21) / 3), np.cos(np.arange(13) / 4)) / 2 + 0.5, False),
    ssim_case("absolute maps 9x12", signed, signed * 0.5 + rng.normal(scale=0.4, size=(9, 12)), True),
    ssim_case("absolute maps, 7x7 (one window)", rng.normal(size=(7, 7)), rng.normal(size=(7, 7)), True),
]

json.dump({"about": "scripts/peer/similarity_golden.py",
           "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                        "skimage": skimage.__version__},
           "spearman": spearman, "ssim": ssim}, sys.stdout, indent=1)
sys.stdout.write("\n")
