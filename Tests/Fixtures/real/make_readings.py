#!/usr/bin/env python3
"""Writes nibabel-readings.json: nibabel's reading of every NIfTI file the real-data tests open.

Covers every *.nii / *.nii.gz under Tests/Fixtures/real and under Samples (paths relative to
the package root). For each: shape, affine (nibabel's best affine), axis codes, zooms, dtype.

Run with the project venv (nibabel 5.4.2) from anywhere:

    /work/venv/bin/python Tests/Fixtures/real/make_readings.py

No test runs this script; the JSON it writes is committed.
"""
import json
import os

import nibabel as nib
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
FOLDERS = ["Tests/Fixtures/real", "Samples"]


def reading(path):
    img = nib.load(path)
    return {
        "shape": [int(n) for n in img.shape],
        "affine": [[float(x) for x in row] for row in img.affine],
        "axcodes": "".join(nib.aff2axcodes(img.affine)),
        "zooms": [float(z) for z in img.header.get_zooms()],
        "dtype": str(img.get_data_dtype()),
    }


def main():
    out = {}
    for folder in FOLDERS:
        for dirpath, _, names in sorted(os.walk(os.path.join(ROOT, folder))):
            for name in sorted(names):
                if name.endswith((".nii", ".nii.gz")):
                    full = os.path.join(dirpath, name)
                    out[os.path.relpath(full, ROOT)] = reading(full)
    doc = {
        "nibabel_version": nib.__version__,
        "numpy_version": np.__version__,
        "files": dict(sorted(out.items())),
    }
    target = os.path.join(HERE, "nibabel-readings.json")
    head = json.dumps({k: v for k, v in doc.items() if k != "files"})[:-1]
    rows = [f" {json.dumps(k)}: {json.dumps(v)}" for k, v in doc["files"].items()]
    with open(target, "w") as f:
        f.write(head + ', "files": {\n' + ",\n".join(rows) + "\n}}\n")
    print(f"wrote {target} ({len(out)} files)")


if __name__ == "__main__":
    main()
