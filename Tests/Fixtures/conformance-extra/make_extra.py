#!/usr/bin/env python3
"""Writes the extra NIfTI/Analyze conformance cases into a folder (default: beside this script).

Big-endian NIfTI-1/2, pairs and gzip pairs, qform-only and fallback geometry, RGB, complex,
1D-6D, headers nibabel repairs, bad extensions, multi-member gzip, header-only / truncated /
not-NIfTI / missing-.img rejects, Analyze (SPM origin and scaling), FreeSurfer shapes, intents.

Run with the project venv (numpy + nibabel 5.4.2), then describe the files with nibabel:

    /work/venv/bin/python make_extra.py .
    /work/venv/bin/python ../conformance/make_expected.py . -o expected.json

Deterministic voxel values (numpy seed 7). Gzip members written by this script use mtime 0.
No test runs this script: the files and expected.json it leads to are committed.
"""
import sys, os, gzip, struct
import numpy as np, nibabel as nib
out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(7)
P = lambda n: os.path.join(out, n)

def rot(ax, ang):
    c, s = np.cos(ang), np.sin(ang)
    R = np.eye(3)
    i, j = [(1, 2), (0, 2), (0, 1)][ax]
    R[i, i] = c; R[j, j] = c; R[i, j] = -s; R[j, i] = s
    return R

def oblique(z=(1.5, 2.0, 3.0), flip=False):
    A = np.eye(4)
    R = rot(0, 0.3) @ rot(1, -0.2) @ rot(2, 0.1)
    if flip: R = R @ np.diag([1, 1, -1])
    A[:3, :3] = R @ np.diag(z)
    A[:3, 3] = [-90.5, 20.25, 33.0]
    return A

def save(img, name, endian=None):
    if endian:
        img.header = img.header.as_byteswapped(endian) if img.header.endianness != endian else img.header
    img.to_filename(P(name))

def patch(name, fmt, off, *vals):
    b = bytearray(open(P(name), 'rb').read())
    struct.pack_into(fmt, b, off, *vals)
    open(P(name), 'wb').write(bytes(b))

# 1 big-endian NIfTI-1 float32 with scaling
d = rng.normal(size=(7, 6, 5)).astype('>f4')
img = nib.Nifti1Image(d, oblique())
img.header.set_slope_inter(2.0, -1.0)
img.header.set_data_dtype('>f4')
save(img, 'be_scaled_f32.nii')
# 2 big-endian NIfTI-2 int32 gz
d = rng.integers(-100000, 100000, size=(5, 4, 3, 2)).astype('>i4')
img = nib.Nifti2Image(d, oblique(flip=True))
img.header.set_data_dtype('>i4')
save(img, 'be_n2_i32.nii.gz')
# 3 pair hdr + img.gz
d = rng.integers(0, 60000, size=(6, 5, 4)).astype(np.uint16)
img = nib.Nifti1Pair(d, np.diag([2, 2, 2, 1.0]))
img.to_filename(P('pair_u16.hdr'))
raw = open(P('pair_u16.img'), 'rb').read(); os.remove(P('pair_u16.img'))
open(P('pair_u16.img.gz'), 'wb').write(gzip.compress(raw, mtime=0))
# 4 qform only, oblique, qfac -1
d = rng.integers(0, 200, size=(5, 6, 7)).astype(np.int16)
img = nib.Nifti1Image(d, oblique(flip=True))
img.set_sform(None, code=0); img.set_qform(oblique(flip=True), code=1)
img.to_filename(P('qform_only.nii'))
# 5 fallback 2D
d = rng.normal(size=(9, 4)).astype(np.float64)
img = nib.Nifti1Image(d, np.eye(4))
img.set_sform(None, code=0); img.set_qform(None, code=0)
img.header.set_zooms((0.7, 1.3))
img.to_filename(P('fallback_2d.nii'))
# 6 header only / truncated / not nifti
d = np.zeros((4, 4, 4), np.int16)
nib.Nifti1Image(d, np.eye(4)).to_filename(P('full.nii'))
b = open(P('full.nii'), 'rb').read()
open(P('header_only.nii'), 'wb').write(b[:352])
open(P('truncated.nii'), 'wb').write(b[:352 + 50])
os.remove(P('full.nii'))
open(P('not_nifti.nii'), 'wb').write(bytes(range(256)) * 3)
# 7 analyze
d = rng.integers(0, 100, size=(4, 5, 6)).astype(np.int16)
nib.AnalyzeImage(d, np.diag([2, 3, 4, 1.0])).to_filename(P('analyze.hdr'))
# 8 rgb24, complex128, int8, uint64, int64, uint32
rgb = np.zeros((3, 4, 2), dtype=[('R', 'u1'), ('G', 'u1'), ('B', 'u1')])
for c in 'RGB': rgb[c] = rng.integers(0, 256, size=(3, 4, 2))
nib.Nifti1Image(rgb, np.eye(4)).to_filename(P('rgb24.nii'))
c = (rng.normal(size=(4, 3, 2)) + 1j * rng.normal(size=(4, 3, 2))).astype(np.complex128)
img = nib.Nifti1Image(c, np.eye(4)); img.header.set_slope_inter(0.5, 3.0); img.to_filename(P('complex128_scaled.nii'))
nib.Nifti1Image(rng.integers(-128, 127, size=(5, 5, 5)).astype(np.int8), np.eye(4)).to_filename(P('int8.nii.gz'))
nib.Nifti1Image(rng.integers(0, 2**62, size=(3, 3, 3), dtype=np.uint64) * 2, np.eye(4), dtype=np.uint64).to_filename(P('uint64_big.nii'))
nib.Nifti1Image(rng.integers(-2**40, 2**40, size=(3, 3, 3)).astype(np.int64), np.eye(4), dtype=np.int64).to_filename(P('int64.nii'))
img = nib.Nifti1Image(rng.integers(0, 2**32 - 1, size=(3, 4, 5)).astype(np.uint32), np.eye(4))
img.header.set_slope_inter(1e-3, 7.0); img.to_filename(P('uint32_scaled.nii.gz'))
# 9 NaN/inf data
d = rng.normal(size=(6, 6, 6)).astype(np.float32); d[0, 0, 0] = np.nan; d[1, 2, 3] = np.inf; d[2, 2, 2] = -np.inf
nib.Nifti1Image(d, np.eye(4)).to_filename(P('nan_inf.nii'))
# 10 slope NaN / 0 / inter (stored raw)
for name, slope in (('slope_nan.nii', np.nan), ('slope_zero.nii', 0.0)):
    nib.Nifti1Image(rng.integers(0, 50, size=(3, 3, 3)).astype(np.int16), np.eye(4)).to_filename(P(name))
    patch(name, '<f', 112, slope); patch(name, '<f', 116, 5.0)
# 11 extensions: good comment + vox_offset 400 ; bad esize
img = nib.Nifti1Image(rng.integers(0, 9, size=(4, 4, 4)).astype(np.uint8), np.eye(4))
img.header.extensions.append(nib.nifti1.Nifti1Extension(6, b'hello world, a comment'))
img.to_filename(P('ext_comment.nii'))
nib.Nifti1Image(rng.integers(0, 9, size=(4, 4, 4)).astype(np.uint8), np.eye(4)).to_filename(P('ext_bad.nii'))
b = bytearray(open(P('ext_bad.nii'), 'rb').read())
data = bytes(b[352:])
hdr = bytearray(b[:348]); struct.pack_into('<f', hdr, 108, 416.0)
ext = bytes([1, 0, 0, 0]) + struct.pack('<ii', 32, 6) + b'y' * 24 + struct.pack('<ii', 20, 4) + b'z' * 12 + bytes(12)
open(P('ext_bad.nii'), 'wb').write(bytes(hdr) + ext + data)
# 12 5D vector and 1D, 6D
nib.Nifti1Image(rng.normal(size=(4, 3, 2, 1, 3)).astype(np.float32), oblique()).to_filename(P('vec5d.nii.gz'))
nib.Nifti1Image(np.arange(10, dtype=np.int16), np.eye(4)).to_filename(P('one_d.nii'))
nib.Nifti2Image(rng.integers(0, 5, size=(2, 3, 2, 2, 1, 2)).astype(np.uint8), np.eye(4)).to_filename(P('six_d_n2.nii'))
# 13 hostile header fields nibabel repairs: qfac 0, negative/zero pixdim, bad xform codes
for name, fixes in (('qfac0.nii', [('<f', 76, 0.0)]), ('neg_pixdim.nii', [('<f', 80, -2.0)]),
                    ('zero_pixdim.nii', [('<f', 84, 0.0)]), ('bad_sform_code.nii', [('<h', 254, 7)])):
    img = nib.Nifti1Image(rng.integers(0, 50, size=(3, 4, 5)).astype(np.int16), oblique())
    img.set_qform(oblique(), code=1)
    if name != 'bad_sform_code.nii': img.set_sform(None, code=0)
    img.to_filename(P(name))
    for f in fixes: patch(name, *f)
# 14 multi-member gzip
nib.Nifti1Image(rng.normal(size=(8, 8, 8)).astype(np.float32), np.eye(4)).to_filename(P('mm.nii'))
raw = open(P('mm.nii'), 'rb').read(); os.remove(P('mm.nii'))
open(P('multimember.nii.gz'), 'wb').write(gzip.compress(raw[:1000], mtime=0) + gzip.compress(raw[1000:3000], mtime=0) + gzip.compress(raw[3000:], mtime=0))
# 15 pair with missing img ; hdr.gz + img.gz pair
nib.Nifti1Pair(np.ones((2, 2, 2), np.float32), np.eye(4)).to_filename(P('lonely.hdr')); os.remove(P('lonely.img'))
nib.Nifti1Pair(rng.normal(size=(3, 3, 3)).astype(np.float32), oblique()).to_filename(P('gzpair.hdr.gz'))
# 16 big-endian pair
img = nib.Nifti1Pair(rng.integers(-5, 5, size=(3, 4, 5)).astype('>i2'), oblique())
img.header.set_data_dtype('>i2'); img.to_filename(P('be_pair.hdr'))
# 17 vox_offset 0 (nibabel reads from byte 0), NaN pixdim, trailing bytes, pair with vox_offset
nib.Nifti1Image(np.arange(24, dtype=np.int16).reshape(2, 3, 4), np.eye(4)).to_filename(P('vox0.nii'))
patch('vox0.nii', '<f', 108, 0.0)
img = nib.Nifti1Image(rng.integers(0, 50, size=(3, 4, 5)).astype(np.int16), np.eye(4))
img.set_sform(None, code=0); img.set_qform(None, code=0); img.to_filename(P('nan_pixdim.nii'))
patch('nan_pixdim.nii', '<f', 84, float('nan'))
nib.Nifti1Image(rng.normal(size=(3, 3, 3)).astype(np.float32), oblique()).to_filename(P('trailing.nii'))
open(P('trailing.nii'), 'ab').write(b'extra bytes at the end')
nib.Nifti1Pair(rng.integers(0, 9, size=(3, 3, 2)).astype(np.uint8), np.eye(4)).to_filename(P('pair_off.hdr'))
raw = open(P('pair_off.img'), 'rb').read(); open(P('pair_off.img'), 'wb').write(bytes(32) + raw)
patch('pair_off.hdr', '<f', 108, 32.0)
# 18 Analyze: SPM origin, out-of-range origin (centre), SPM2 scaling from funused1 and from gl/cal
def analyze(name, shape, origin=None, slope=None, gl=None, dtype=np.int16, endian='<'):
    d = rng.integers(0, 100, size=shape).astype(dtype)
    img = nib.Spm2AnalyzeImage(d, np.diag([2.0, 3.0, 4.0, 1.0]))
    img.to_filename(P(name))
    if os.path.exists(P(name[:-4] + '.mat')): os.remove(P(name[:-4] + '.mat'))  # SPM .mat: not read here
    b = bytearray(open(P(name), 'rb').read())
    if origin is not None: struct.pack_into('<5h', b, 253, *origin)
    if slope is not None: struct.pack_into('<ff', b, 112, *slope)
    if gl is not None:
        struct.pack_into('<ff', b, 124, gl[0], gl[1]); struct.pack_into('<ii', b, 140, gl[2], gl[3])
    open(P(name), 'wb').write(bytes(b))
analyze('an_origin.hdr', (4, 5, 6), origin=(2, 3, 4, 0, 0), slope=(0.5, 3.0))
analyze('an_bad_origin.hdr', (4, 5, 6), origin=(100, 3, 4, 0, 0), slope=(float('nan'), 1.0))
analyze('an_glcal.hdr', (3, 4, 5), origin=(0, 0, 0, 0, 0), slope=(0.0, 0.0), gl=(200.0, -10.0, 90, 10))
analyze('an_u8_2d.hdr', (7, 6), dtype=np.uint8)
# 19 FreeSurfer shape conventions, unknown intent, intent names
img = nib.Nifti1Image(rng.normal(size=(40, 1, 1)).astype(np.float32), np.eye(4)); img.to_filename(P('fs_vector.nii'))
patch('fs_vector.nii', '<h', 42, -1); patch('fs_vector.nii', '<i', 144, 40)
img = nib.Nifti1Image(rng.integers(0, 9, size=(27307, 1, 6)).astype(np.uint8), np.eye(4)); img.to_filename(P('fs_ico7.nii.gz'))
img = nib.Nifti1Image(np.ones((2, 2, 2), np.float32), np.eye(4)); img.to_filename(P('intent_unknown.nii'))
patch('intent_unknown.nii', '<h', 68, 9999)
img = nib.Nifti1Image(np.ones((2, 2, 2), np.float32), np.eye(4)); img.header.set_intent('dimensionless'); img.to_filename(P('intent_dimless.nii'))
print('ok')
