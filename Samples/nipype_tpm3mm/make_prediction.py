"""Make the nipype sample's prediction: a realistic, imperfect 4-class softmax.

nipype's tissue probability maps are what the ground truth (segmentation1) was made from, so
used as they are they predict it almost perfectly (Dice 1.000 for every class): nothing to
debug. This script turns them into what a trained network typically outputs instead:

* a systematic bias: the network favours grey matter at the CSF and WM borders (+0.5 logit);
* spatially correlated errors: smooth random logit fields (Gaussian, sigma 2 voxels) per
  class, which move boundaries by a voxel or two and make small false-positive/false-negative
  blobs;
* confident outputs: the logits are sharpened (temperature 0.6) before the softmax.

Probabilities are stored in steps of 1/1024 (the largest channel takes the rest, so each voxel
sums to exactly 1): the file stays small, as a network's output saved at half precision.

Deterministic (numpy seed 12). Run from the repository root with the project's venv:

    /work/venv/bin/python Samples/nipype_tpm3mm/make_prediction.py [SHARED [OUT_DIR]]

SHARED defaults to ../shared, OUT_DIR to Samples/nipype_tpm3mm (`rwview samples` writes the
rest of the sample: image, ground truth, dataset.json).

Inputs: SHARED/data/real/nipype_tpm3mm/tpm_00.nii.gz (CSF), tpm_01 (WM), tpm_02 (GM) --
nipype's test data, Apache-2.0 (see LICENSE-NOTES.md). Output:
OUT_DIR/tpm_prob.nii.gz, float32 (X,Y,Z,4): 0 background, 1 CSF, 2 GM, 3 WM,
on the grid of the TPMs.
"""

import sys

import nibabel as nib
import numpy as np
from scipy.ndimage import gaussian_filter

SEED = 12
GM_BIAS = 0.5
NOISE_SIGMA = 2.0
NOISE_AMPLITUDE = 20.0
TEMPERATURE = 0.6


def base_probabilities(shared):
    """The TPMs as a 4-class softmax (the same rule `rwview samples` used)."""
    src = f"{shared}/data/real/nipype_tpm3mm"
    csf = nib.load(f"{src}/tpm_00.nii.gz")
    wm = nib.load(f"{src}/tpm_01.nii.gz").get_fdata(dtype=np.float32)
    gm = nib.load(f"{src}/tpm_02.nii.gz").get_fdata(dtype=np.float32)
    c = np.maximum(csf.get_fdata(dtype=np.float32), 0)
    g = np.maximum(gm, 0)
    w = np.maximum(wm, 0)
    s = c + g + w
    scale = np.where(s > 1, 1 / np.maximum(s, 1e-12), 1).astype(np.float32)
    fg = np.stack([c, g, w], axis=-1) * scale[..., None]
    bg = np.maximum(0, 1 - fg.sum(axis=-1))
    return np.concatenate([bg[..., None], fg], axis=-1), csf


def imperfect(p, rng):
    """Biased, spatially correlated, sharpened logits of `p`, as a float32 softmax."""
    logits = np.log(np.clip(p, 1e-4, 1.0))
    logits[..., 2] += GM_BIAS
    for k in range(p.shape[-1]):
        noise = gaussian_filter(rng.standard_normal(p.shape[:-1]), NOISE_SIGMA)
        logits[..., k] += NOISE_AMPLITUDE * noise
    logits /= TEMPERATURE
    logits -= logits.max(axis=-1, keepdims=True)
    e = np.exp(logits)
    p = e / e.sum(axis=-1, keepdims=True)
    q = np.round(p * 1024) / 1024
    top = p.argmax(axis=-1)[..., None]
    np.put_along_axis(q, top, 0, axis=-1)
    np.put_along_axis(q, top, 1 - q.sum(axis=-1, keepdims=True), axis=-1)
    return q.astype(np.float32)


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else "../shared"
    out_dir = sys.argv[2] if len(sys.argv) > 2 else "Samples/nipype_tpm3mm"
    p, ref = base_probabilities(shared)
    pred = imperfect(p, np.random.default_rng(SEED))
    img = nib.Nifti1Image(pred, ref.affine)
    img.header.set_qform(ref.affine, 2)
    img.header.set_sform(ref.affine, 2)
    img.header.set_xyzt_units("mm", "sec")
    out = f"{out_dir}/tpm_prob.nii.gz"
    nib.save(img, out)
    seg = f"{shared}/data/real/nipype_tpm3mm/segmentation1.nii.gz"
    gt = np.asarray(nib.load(seg).dataobj).astype(int)
    arg = pred.argmax(axis=-1)
    for k, name in enumerate(["background", "CSF", "GM", "WM"]):
        a, b = arg == k, gt == k
        dice = 2 * (a & b).sum() / max(1, a.sum() + b.sum())
        print(f"{out}: class {k} {name}: Dice {dice:.4f}")


if __name__ == "__main__":
    main()
