"""Writes a tiny nnU-Net v2 dataset with two models' predictions (run with /work/venv/bin/python).

Dataset001_Mini/: dataset.json, imagesTr/mini_00N_0000.nii.gz, labelsTr/mini_00N.nii.gz for
N = 1..4 (3 classes, 12x10x6 voxels, anisotropic spacing, an oblique-free affine).
model_a/ and model_b/: nnUNetv2_predict --save_probabilities output for cases 1..3
(mini_004 is missing) plus an extra case mini_099: CASE.nii.gz (argmax, uint8) and CASE.npz
with `probabilities` float16, shape (C, z, y, x), as nnU-Net's export writes it.
probs_nifti_a/: the same float16 probabilities as float32 (x, y, z, C) NIfTI, for the check that
the .npz path gives the numbers of single-case stats on a NIfTI. Deterministic (fixed seeds).
"""
import json
import os
import shutil

import nibabel as nib
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
X, Y, Z, C = 12, 10, 6, 3
AFFINE = np.array([[0.9, 0, 0, -5.0], [0, 1.1, 0, 3.0], [0, 0, 2.5, 10.0], [0, 0, 0, 1]])


def labels(seed):
    """Two blobs (classes 1 and 2) on background, shape (x, y, z)."""
    r = np.random.default_rng(seed)
    i, j, k = np.meshgrid(np.arange(X), np.arange(Y), np.arange(Z), indexing="ij")
    c1 = r.uniform(3, 6, 3)
    c2 = r.uniform(6, 9, 3)
    lab = np.zeros((X, Y, Z), np.uint8)
    lab[((i - c1[0]) / 3) ** 2 + ((j - c1[1]) / 2.5) ** 2 + ((k - c1[2] / 2) / 1.5) ** 2 < 1] = 1
    lab[((i - c2[0]) / 2.5) ** 2 + ((j - c2[1]) / 2) ** 2 + ((k - c2[2] / 2) / 1.5) ** 2 < 1] = 2
    return lab


def probabilities(lab, seed, sharp):
    """Noisy softmax around the labels, float16, shape (C, z, y, x)."""
    r = np.random.default_rng(seed)
    onehot = np.stack([(lab == c) for c in range(C)]).astype(np.float64)  # (C, x, y, z)
    logits = sharp * onehot + r.normal(0, 1.2, onehot.shape)
    e = np.exp(logits - logits.max(axis=0, keepdims=True))
    p = e / e.sum(axis=0, keepdims=True)
    return np.ascontiguousarray(p.transpose(0, 3, 2, 1)).astype(np.float16)


def save(arr, path, dtype=None):
    img = nib.Nifti1Image(arr if dtype is None else arr.astype(dtype), AFFINE)
    img.header.set_xyzt_units("mm")
    nib.save(img, path)


def main():
    root = os.path.join(HERE, "Dataset001_Mini")
    for d in ["Dataset001_Mini", "model_a", "model_b", "probs_nifti_a"]:
        shutil.rmtree(os.path.join(HERE, d), ignore_errors=True)
    for d in ["imagesTr", "labelsTr"]:
        os.makedirs(os.path.join(root, d))
    for d in ["model_a", "model_b", "probs_nifti_a"]:
        os.makedirs(os.path.join(HERE, d))
    with open(os.path.join(root, "dataset.json"), "w") as f:
        json.dump({"channel_names": {"0": "CT"}, "labels": {"background": 0, "liver": 1, "tumour": 2},
                   "numTraining": 4, "file_ending": ".nii.gz"}, f, indent=1)
    for n in [1, 2, 3, 4, 99]:
        case = "mini_%03d" % n
        lab = labels(n)
        if n != 99:
            img = (lab * 40 + np.random.default_rng(100 + n).normal(0, 5, lab.shape)).astype(np.float32)
            save(img, os.path.join(root, "imagesTr", case + "_0000.nii.gz"))
            save(lab, os.path.join(root, "labelsTr", case + ".nii.gz"))
        if n == 4:
            continue
        for model, sharp in [("model_a", 3.0), ("model_b", 1.5)]:
            p = probabilities(lab, 1000 * n + int(sharp * 10), sharp)
            np.savez_compressed(os.path.join(HERE, model, case + ".npz"), probabilities=p)
            seg = p.astype(np.float32).argmax(axis=0).transpose(2, 1, 0).astype(np.uint8)
            save(seg, os.path.join(HERE, model, case + ".nii.gz"))
            if model == "model_a" and n != 99:
                save(np.ascontiguousarray(p.astype(np.float32).transpose(3, 2, 1, 0)),
                     os.path.join(HERE, "probs_nifti_a", case + ".nii.gz"))
    # nnU-Net writes these beside the predictions; discovery must ignore them.
    for model in ["model_a", "model_b"]:
        with open(os.path.join(HERE, model, "plans.json"), "w") as f:
            f.write("{}\n")


if __name__ == "__main__":
    main()
