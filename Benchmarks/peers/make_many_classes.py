#!/usr/bin/env python3
"""Writes the many-class benchmark case for `rwview-bench stats`: a 256x256x128 uint8 label map
with 60 classes (0 = background) and a hard-label prediction of it (uint8), both .nii.gz with
spacing (0.8, 0.8, 2.5), as medium60_label.nii.gz and medium60_pred.nii.gz.

    /work/venv/bin/python Benchmarks/peers/make_many_classes.py [--out /tmp/rwbench/data]

Needs numpy, scipy, nibabel. Deterministic (numpy PCG64, fixed seed).

Labels: 59 organ-like regions, the nearest of 59 seeds under a smoothly warped metric, inside
a foreground blob covering about half of the volume; the rest is background. The prediction
is the same construction with the seeds and the warp slightly moved (boundary errors of a few
voxels, a few small false islands), like a decent network's output.
"""
import argparse
import os

import nibabel as nib
import numpy as np
from scipy import ndimage as ndi

SHAPE = (256, 256, 128)
SPACING = (0.8, 0.8, 2.5)
CLASSES = 60


def smooth(rng, shape, factor, sigma=1.2):
    low = tuple(max(2, s // factor) for s in shape)
    f = ndi.gaussian_filter(rng.standard_normal(low).astype(np.float32), sigma, mode="wrap")
    return ndi.zoom(f, [s / l for s, l in zip(shape, low)], order=1, grid_mode=True, mode="grid-mirror")


def regions(seeds, warp, fg):
    """Nearest seed (1-based) under the warped metric, 0 outside the foreground."""
    grid = np.indices(SHAPE, dtype=np.float32)
    best = np.full(SHAPE, np.inf, np.float32)
    lab = np.zeros(SHAPE, np.uint8)
    for c, s in enumerate(seeds):
        d = sum(((grid[a] + warp[a] - s[a]) * SPACING[a]) ** 2 for a in range(3))
        closer = d < best
        best[closer] = d[closer]
        lab[closer] = c + 1
    lab[~fg] = 0
    return lab


def make(seed):
    rng = np.random.default_rng(seed)
    fg_field = smooth(rng, SHAPE, 32) + 0.3 * smooth(rng, SHAPE, 8)
    fg = fg_field > np.quantile(fg_field[::4, ::4, ::4], 0.5)
    seeds = rng.uniform([0, 0, 0], SHAPE, size=(CLASSES - 1, 3)).astype(np.float32)
    warp = [6.0 * smooth(rng, SHAPE, 16) for _ in range(3)]
    label = regions(seeds, warp, fg)
    # The prediction: seeds moved by ~1.5 voxels, the warp perturbed, the foreground edge shifted.
    seeds_p = seeds + rng.normal(0, 1.5, seeds.shape).astype(np.float32)
    warp_p = [w + 1.5 * smooth(rng, SHAPE, 8) for w in warp]
    fg_p = (fg_field + 0.05 * smooth(rng, SHAPE, 4)) > np.quantile(fg_field[::4, ::4, ::4], 0.5)
    pred = regions(seeds_p, warp_p, fg_p)
    # A few small false islands of random classes.
    for _ in range(200):
        c = rng.integers(0, SHAPE)
        r = rng.integers(1, 3, size=3)
        sl = tuple(slice(max(0, c[a] - r[a]), c[a] + r[a]) for a in range(3))
        pred[sl] = rng.integers(0, CLASSES)
    return label, pred


def save(arr, path):
    img = nib.Nifti1Image(arr, np.diag(list(SPACING) + [1.0]))
    img.header.set_zooms(SPACING)
    img.header.set_xyzt_units("mm", "sec")
    nib.save(img, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.environ.get("RWBENCH_DATA", "/tmp/rwbench/data"))
    ap.add_argument("--seed", type=int, default=60)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    label, pred = make(a.seed)
    save(label, os.path.join(a.out, "medium60_label.nii.gz"))
    save(pred, os.path.join(a.out, "medium60_pred.nii.gz"))
    present = np.unique(label).size
    agree = float((label == pred).mean())
    print(f"medium60: {present} classes present in the labels, prediction agrees on {agree:.3f}")


if __name__ == "__main__":
    main()
