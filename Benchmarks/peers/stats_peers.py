#!/usr/bin/env python3
"""The peers of `rwview stats`, one operation per process, for `rwview-bench stats`.

    python stats_peers.py OP --label L.nii.gz --pred P.nii.gz [--shared ../shared/bench]
                          [--map rrw|boundary] [--reps N]

Prints one 'RESULT {json}' line (benchlib's format: median seconds over the timed runs, CPU
seconds, the operation's extra peak memory). The inputs are loaded before the timing, except
for `nib_load`, whose timing is the loading. OP:

  nib_load   nibabel reading both files (np.asarray(img.dataobj), native dtype)
  medpy      medpy.metric.binary dc + hd95 + assd of every class 0..K-1 (voxelspacing), on the
             hard labels (argmax of the probabilities)
  sitk_hd    SimpleITK HausdorffDistanceImageFilter of every class (HD and average HD)
  rw_ref     the reference RW pipeline (rw_maps_ref.py's port of jmlipman/RegionWiseLoss,
             --map rrw or boundary, K classes) and the loss sum with the prediction

Needs numpy, scipy, nibabel, medpy, SimpleITK (the venv). K is max label + 1 of both files, or
the prediction's channel count.
"""
import argparse
import os
import sys

import numpy as np


def load(path):
    import nibabel as nib
    return np.asarray(nib.load(path, mmap=False).dataobj)


def hard_labels(pred, k):
    """(X,Y,Z) labels of a label map or of (X,Y,Z,K) probabilities (first maximum)."""
    if pred.ndim == 3:
        return pred.astype(np.int32)
    return pred.reshape(pred.shape[:3] + (-1,)).argmax(-1).astype(np.int32)


def classes(label, pred):
    if pred.ndim > 3:
        return max(int(label.max()) + 1, pred.shape[-1])
    return max(int(label.max()), int(pred.max())) + 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("op", choices=["nib_load", "medpy", "sitk_hd", "rw_ref"])
    ap.add_argument("--label", required=True)
    ap.add_argument("--pred", required=True)
    ap.add_argument("--shared", default=os.environ.get("RWBENCH_SHARED_BENCH", "../shared/bench"))
    ap.add_argument("--map", default="rrw", choices=["rrw", "boundary"])
    ap.add_argument("--reps", type=int, default=5)
    a = ap.parse_args()
    sys.path.insert(0, os.path.abspath(a.shared))
    import benchlib as bl

    import nibabel as nib
    spacing = tuple(float(s) for s in nib.load(a.label).header.get_zooms()[:3])
    base = {"suite": "stats", "op": a.op, "label": os.path.basename(a.label),
            "pred": os.path.basename(a.pred)}
    if a.op == "nib_load":
        r = bl.measure(lambda: (load(a.label), load(a.pred)), min_reps=a.reps, budget_s=10)
        bl.emit({**base, **r})
        return
    label = load(a.label).astype(np.int32)
    pred = load(a.pred)
    k = classes(label, pred)
    base["classes"] = k
    if a.op == "medpy":
        from medpy.metric import binary as mb

        def run():
            hard = hard_labels(pred, k)
            out = []
            for c in range(k):
                r, p = label == c, hard == c
                if not r.any() or not p.any():
                    out.append((mb.dc(p, r), float("nan"), float("nan")))
                    continue
                out.append((mb.dc(p, r), mb.hd95(p, r, voxelspacing=spacing),
                            mb.assd(p, r, voxelspacing=spacing)))
            return out
        r = bl.measure(run, min_reps=a.reps, budget_s=10)
    elif a.op == "sitk_hd":
        import SimpleITK as sitk

        def run():
            hard = hard_labels(pred, k)
            out = []
            f = sitk.HausdorffDistanceImageFilter()
            for c in range(k):
                r, p = (label == c).astype(np.uint8), (hard == c).astype(np.uint8)
                if not r.any() or not p.any():
                    out.append((float("nan"), float("nan")))
                    continue
                ri, pi = sitk.GetImageFromArray(r.T), sitk.GetImageFromArray(p.T)
                ri.SetSpacing(spacing)
                pi.SetSpacing(spacing)
                f.Execute(ri, pi)
                out.append((f.GetHausdorffDistance(), f.GetAverageHausdorffDistance()))
            return out
        r = bl.measure(run, min_reps=a.reps, budget_s=10)
    else:
        import rw_maps_ref as ref
        lab_zyx = np.ascontiguousarray(label.T)
        if pred.ndim == 3:
            hard_zyx = np.ascontiguousarray(pred.T).astype(np.intp)
        else:
            prob = pred.reshape(pred.shape[:3] + (-1,))
            pred_c = np.ascontiguousarray(np.moveaxis(prob, 3, 0).transpose(0, 3, 2, 1))

        def run():
            maker = ref.rrw_maps_reference if a.map == "rrw" else ref.boundary_maps_reference
            maps = maker(lab_zyx, n_classes=k)
            if pred.ndim == 3:  # a hard prediction: the map at the predicted class
                return float(np.take_along_axis(maps, hard_zyx[None], axis=0).sum(dtype=np.float64))
            return float((pred_c * maps).sum(dtype=np.float64))
        base["op"] = f"rw_ref_{a.map}"
        r = bl.measure(run, min_reps=a.reps, budget_s=10)
    bl.emit({**base, **r})


if __name__ == "__main__":
    main()
