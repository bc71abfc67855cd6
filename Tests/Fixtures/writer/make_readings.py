#!/usr/bin/env python3
"""Writes nibabel-readings.json: nibabel's reading of the files rwview's NIfTI writer wrote here.

The files (ramp_f32.nii, ramp_f32.nii.gz, ramp_i16.nii) come from WriterFixtureTests: when the
writer's output changes on purpose, that test names the new file; copy it here, then run

    /work/venv/bin/python Tests/Fixtures/writer/make_readings.py

(nibabel 5.4.2, numpy). No test runs this script; the JSON it writes is committed.
"""
import json
import os

import nibabel as nib
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
NAMES = ["ramp_f32.nii", "ramp_f32.nii.gz", "ramp_i16.nii"]


def reading(path):
    img = nib.load(path)
    d = np.asarray(img.dataobj)
    return {
        "dtype": img.header.get_data_dtype().name,
        "shape": [int(n) for n in img.shape],
        "sform_code": int(img.header["sform_code"]),
        "qform_code": int(img.header["qform_code"]),
        "data_fortran_order": [float(x) for x in d.ravel(order="F")],
        "affine": [[float(x) for x in row] for row in img.affine],
        "qform": [[float(x) for x in row] for row in img.get_qform()],
    }


def main():
    files = {name: reading(os.path.join(HERE, name)) for name in NAMES}
    doc = {"nibabel_version": nib.__version__, "numpy_version": np.__version__, "files": files}
    target = os.path.join(HERE, "nibabel-readings.json")
    with open(target, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
