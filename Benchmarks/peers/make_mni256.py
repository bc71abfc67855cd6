#!/usr/bin/env python3
"""Writes the 256-class benchmark case for `rwview-bench stats` (issue 11): the MNI152 2009a T1
(../shared/data/real/mni152_2009a_nilearn, 197x233x189 uint8, 225 distinct values) read as a
label map, as the fuzzer once mutated it: the truth is the T1 with the 31 missing values
0..255 each written at one voxel (256 distinct labels), the prediction is the T1 itself (a
uint8 label map). Files: mni256_label.nii.gz, mni256_pred.nii.gz.

    /work/venv/bin/python Benchmarks/peers/make_mni256.py [--out /tmp/rwbench/data] [--shared ../shared]

Needs numpy, nibabel. Deterministic (numpy PCG64, fixed seed).
"""
import argparse
import os

import nibabel as nib
import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="/tmp/rwbench/data")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "../../../shared"))
    a = ap.parse_args()
    src = os.path.join(a.shared, "data/real/mni152_2009a_nilearn/mni_icbm152_t1_tal_nlin_sym_09a_converted.nii.gz")
    im = nib.load(src)
    t1 = np.asarray(im.dataobj).astype(np.uint8)
    present = set(np.unique(t1).tolist())
    missing = [v for v in range(256) if v not in present]
    label = t1.copy()
    idx = np.random.default_rng(7).integers(0, t1.size, size=len(missing))
    label.reshape(-1)[idx] = missing
    header = im.header.copy()
    header.set_data_dtype(np.uint8)
    os.makedirs(a.out, exist_ok=True)
    nib.save(nib.Nifti1Image(label, im.affine, header), os.path.join(a.out, "mni256_label.nii.gz"))
    nib.save(nib.Nifti1Image(t1, im.affine, header), os.path.join(a.out, "mni256_pred.nii.gz"))
    print(f"mni256: {len(np.unique(label))} label values in the truth, {len(present)} in the prediction")


if __name__ == "__main__":
    main()
