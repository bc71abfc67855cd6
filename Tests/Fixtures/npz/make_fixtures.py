"""Writes the .npz fixtures of RWDatasetTests with numpy (run with /work/venv/bin/python).

nnU-Net v2 saves probabilities as np.savez_compressed(CASE.npz, probabilities=P) with P of shape
(C, z, y, x): the NIfTI axes reversed (SimpleITK order). The same probabilities are written as a
NIfTI (x, y, z, C) float32 with nibabel, and the argmax as the CASE.nii.gz segmentation, so a test
can check the axis order against an independent reader. Values are deterministic (no RNG).
"""
import json
import os

import nibabel as nib
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
C, Z, Y, X = 3, 4, 5, 6


def probabilities():
    """Softmax of a deterministic, asymmetric logit field, shape (C, z, y, x)."""
    c, z, y, x = np.meshgrid(np.arange(C), np.arange(Z), np.arange(Y), np.arange(X), indexing="ij")
    logits = np.sin(0.7 * x + 1.3 * y * (c + 1) + 0.4 * z * z - c) * 3.0 + 0.1 * x * c
    e = np.exp(logits - logits.max(axis=0, keepdims=True))
    return (e / e.sum(axis=0, keepdims=True)).astype(np.float64)


def affine():
    a = np.diag([1.5, 0.8, 2.5, 1.0])
    a[:3, 3] = [-10.0, 20.0, 5.5]
    return a


def main():
    p = probabilities()
    combos = {
        "f16_c_compressed": (np.float16, "C", True),
        "f16_f_stored": (np.float16, "F", False),
        "f32_c_stored": (np.float32, "C", False),
        "f32_f_compressed": (np.float32, "F", True),
    }
    expected = {"shape": [C, Z, Y, X], "files": {}}
    for name, (dtype, order, compressed) in combos.items():
        arr = np.asarray(p.astype(dtype), order=order)
        assert arr.flags.f_contiguous == (order == "F")
        save = np.savez_compressed if compressed else np.savez
        save(os.path.join(HERE, name + ".npz"), probabilities=arr)
        samples = []
        for (ci, zi, yi, xi) in [(0, 0, 0, 0), (1, 2, 3, 4), (2, 3, 4, 5), (0, 3, 0, 5), (2, 0, 4, 1)]:
            samples.append({"c": ci, "z": zi, "y": yi, "x": xi, "value": float(arr[ci, zi, yi, xi])})
        expected["files"][name] = {
            "dtype": np.dtype(dtype).str,
            "fortran_order": order == "F",
            "sum": float(arr.astype(np.float64).sum()),
            "samples": samples,
        }
    # The same float32 probabilities as a NIfTI (x, y, z, C), and the argmax segmentation.
    p32 = p.astype(np.float32)
    nib.save(nib.Nifti1Image(np.ascontiguousarray(p32.transpose(3, 2, 1, 0)), affine()),
             os.path.join(HERE, "probabilities.nii.gz"))
    seg = p32.argmax(axis=0).astype(np.uint8).transpose(2, 1, 0)
    nib.save(nib.Nifti1Image(seg, affine()), os.path.join(HERE, "case.nii.gz"))
    # A segmentation on another grid (x and y swapped) for the shape-mismatch error.
    nib.save(nib.Nifti1Image(np.zeros((Y, X, Z), np.uint8), affine()), os.path.join(HERE, "other_grid.nii.gz"))
    # Arrays nnU-Net never writes, for the one-line errors.
    np.savez(os.path.join(HERE, "wrong_key.npz"), softmax=p32)
    np.savez(os.path.join(HERE, "three_axes.npz"), probabilities=p32[0])
    np.savez(os.path.join(HERE, "int_dtype.npz"), probabilities=(p32 * 100).astype(np.int16))
    np.savez(os.path.join(HERE, "big_endian.npz"), probabilities=p32.astype(">f4"))
    expected["big_endian_sample"] = float(p32[1, 2, 3, 4])
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
