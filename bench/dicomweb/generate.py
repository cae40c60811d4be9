#!/usr/bin/env python3
"""Synthetic DICOM data for bench/dicomweb.sh (pydicom + numpy, Debian's python3).

  generate.py ct OUT --slices 500 --size 512 --variants a,b,c
      One CT study per variant: one series of SLICES axial slices, SIZE x SIZE, 16-bit signed,
      CT Image Storage, Explicit VR Little Endian. A torso phantom (air, fat, soft tissue, lungs,
      spine, aorta with contrast) in Hounsfield units plus Gaussian noise drawn per variant, so no
      two variants share pixel bytes. Each variant has its own patient, study, series and
      instance UIDs (a fresh ingest every time). Variant files go to OUT/<v>/<shard>/ with
      SHARDS (4) shards; OUT/<v>/study-uid holds the StudyInstanceUID.

  generate.py stow OUT --from DIR --batch 50
      STOW-RS request bodies (multipart/related; type="application/dicom") of BATCH instances
      each, from the .dcm files under DIR in instance order: OUT/body-000, ...; the boundary is in
      OUT/boundary.

  generate.py index OUT --studies 10000
      STUDIES small studies (one 64x64 8-bit Secondary Capture instance each) with varied
      PatientName/PatientID/StudyDate/Modality/AccessionNumber, in OUT/<shard>/ (4 shards), plus
      OUT/queries.txt: the QIDO-RS query mix (path and query string, one a line) and
      OUT/sentinels.txt: the AccessionNumber of the last study of each shard.

Everything is deterministic for given arguments (fixed seeds, UIDs derived from them).
"""
import argparse
import datetime
import os
import random
import sys

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7"
SHARDS = 4
BOUNDARY = "iris-bench-6f1e0c2a9d"


def uid(*parts):
    """A deterministic UID (pydicom's root + hash of the parts)."""
    return generate_uid(entropy_srcs=["iris-bench"] + [str(p) for p in parts])


def file_meta(sop_class, sop_instance):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = sop_instance
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = uid("implementation")
    meta.ImplementationVersionName = "IRIS_BENCH_1"
    return meta


def save(ds, path):
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.save_as(path, write_like_original=False)


# ----------------------------------------------------------------------------- CT phantom
class Phantom:
    """An elliptic torso whose features vary along z; values in HU."""

    def __init__(self, size, slices):
        self.size, self.slices = size, slices
        c = (np.arange(size) - (size - 1) / 2) / (size / 2)  # -1..1 across the field of view
        self.x, self.y = np.meshgrid(c, c)

    def ell(self, cx, cy, rx, ry):
        return ((self.x - cx) / rx) ** 2 + ((self.y - cy) / ry) ** 2 <= 1.0

    def slice(self, k):
        t = k / max(1, self.slices - 1)  # 0 (top) .. 1 (bottom)
        img = np.full((self.size, self.size), -1000.0)
        img[self.ell(0, 0, 0.86, 0.62)] = -100.0  # fat
        img[self.ell(0, 0, 0.80, 0.56)] = 40.0  # soft tissue
        lung = 0.14 + 0.10 * np.sin(np.pi * min(1.0, t * 1.6))  # lungs in the upper 60 %
        if t < 0.62:
            img[self.ell(-0.36, -0.05, lung, lung * 1.4)] = -850.0
            img[self.ell(0.36, -0.05, lung, lung * 1.4)] = -850.0
        else:  # abdomen: liver and kidneys
            img[self.ell(-0.30, -0.05, 0.30, 0.32)] = 60.0
            img[self.ell(-0.30, 0.30, 0.09, 0.13)] = 30.0
            img[self.ell(0.30, 0.30, 0.09, 0.13)] = 30.0
        img[self.ell(0.05, 0.12, 0.07, 0.07)] = 250.0  # aorta with contrast
        img[self.ell(0, 0.42, 0.10, 0.09)] = 700.0  # vertebral body
        img[self.ell(0, 0.42, 0.06, 0.05)] = 250.0  # its cancellous core
        img[self.ell(0, 0.55, 0.03, 0.06)] = 900.0  # spinous process
        return img


def ct(args):
    out = args.out
    phantom = Phantom(args.size, args.slices)
    variants = args.variants.split(",")
    rngs = {v: np.random.default_rng(abs(hash_str(v)) % (2**32)) for v in variants}
    pixel_spacing = 360.0 / args.size
    thickness = 0.625
    ids = {}
    for v in variants:
        ids[v] = dict(
            study=uid("ct", v, "study"),
            series=uid("ct", v, "series"),
            frame=uid("ct", v, "frame"),
        )
        for s in range(SHARDS):
            os.makedirs(os.path.join(out, v, str(s)), exist_ok=True)
        with open(os.path.join(out, v, "study-uid"), "w") as f:
            f.write(ids[v]["study"] + "\n")
    for k in range(args.slices):
        base = phantom.slice(k)
        for v in variants:
            noisy = base + rngs[v].normal(0.0, 12.0, base.shape)
            pixels = np.clip(np.rint(noisy), -1024, 3071).astype("<i2")
            sop = uid("ct", v, "instance", k)
            ds = Dataset()
            ds.file_meta = file_meta(CT_IMAGE_STORAGE, sop)
            ds.SpecificCharacterSet = "ISO_IR 100"
            ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
            ds.SOPClassUID = CT_IMAGE_STORAGE
            ds.SOPInstanceUID = sop
            ds.StudyDate = ds.SeriesDate = ds.ContentDate = ds.AcquisitionDate = "20260115"
            ds.StudyTime = ds.SeriesTime = "101500"
            ds.ContentTime = ds.AcquisitionTime = "10%02d%02d" % (16 + k // 600, (k // 10) % 60)
            ds.AccessionNumber = "BENCH-CT-%s" % v.upper()
            ds.Modality = "CT"
            ds.Manufacturer = "Iris bench"
            ds.InstitutionName = "Iris bench hospital"
            ds.ReferringPhysicianName = "REFERRER^BENCH"
            ds.StudyDescription = "CT CHEST ABDOMEN PELVIS WITH CONTRAST"
            ds.SeriesDescription = "AXIAL 0.625 MM SOFT TISSUE"
            ds.PatientName = "BENCH^CT^%s" % v.upper()
            ds.PatientID = "BENCH-CT-%s" % v.upper()
            ds.PatientBirthDate = "19620304"
            ds.PatientSex = "O"
            ds.BodyPartExamined = "CHEST"
            ds.SliceThickness = thickness
            ds.KVP = 120
            ds.ConvolutionKernel = "STANDARD"
            ds.PatientPosition = "FFS"
            ds.StudyInstanceUID = ids[v]["study"]
            ds.SeriesInstanceUID = ids[v]["series"]
            ds.StudyID = "1"
            ds.SeriesNumber = 2
            ds.AcquisitionNumber = 1
            ds.InstanceNumber = k + 1
            z = -k * thickness
            ds.ImagePositionPatient = [-180.0 + pixel_spacing / 2, -180.0 + pixel_spacing / 2, z]
            ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
            ds.FrameOfReferenceUID = ids[v]["frame"]
            ds.PositionReferenceIndicator = ""
            ds.SliceLocation = z
            ds.SamplesPerPixel = 1
            ds.PhotometricInterpretation = "MONOCHROME2"
            ds.Rows = ds.Columns = args.size
            ds.PixelSpacing = [pixel_spacing, pixel_spacing]
            ds.BitsAllocated = 16
            ds.BitsStored = 16
            ds.HighBit = 15
            ds.PixelRepresentation = 1
            ds.WindowCenter = 40
            ds.WindowWidth = 400
            ds.RescaleIntercept = 0
            ds.RescaleSlope = 1
            ds.RescaleType = "HU"
            ds.PixelData = pixels.tobytes()
            ds["PixelData"].VR = "OW"
            path = os.path.join(out, v, str(k % SHARDS), "ct%04d.dcm" % (k + 1))
            save(ds, path)


def stow(args):
    files = sorted(
        (os.path.join(d, f) for d, _, names in os.walk(args.src) for f in names if f.endswith(".dcm")),
        key=os.path.basename)
    write_stow_bodies(args.out, files, args.batch)


def write_stow_bodies(directory, files, batch):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "boundary"), "w") as f:
        f.write(BOUNDARY + "\n")
    for n, start in enumerate(range(0, len(files), batch)):
        with open(os.path.join(directory, "body-%03d" % n), "wb") as body:
            for path in files[start:start + batch]:
                body.write(b"--" + BOUNDARY.encode() + b"\r\nContent-Type: application/dicom\r\n\r\n")
                with open(path, "rb") as f:
                    body.write(f.read())
                body.write(b"\r\n")
            body.write(b"--" + BOUNDARY.encode() + b"--\r\n")


def hash_str(s):
    h = 0
    for ch in s:
        h = (h * 131 + ord(ch)) % (2**31)
    return h


# ----------------------------------------------------------------------------- the index
LAST_NAMES = [
    "SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER", "DAVIS", "RODRIGUEZ",
    "MARTINEZ", "HERNANDEZ", "LOPEZ", "GONZALEZ", "WILSON", "ANDERSON", "THOMAS", "TAYLOR",
    "MOORE", "JACKSON", "MARTIN", "LEE", "PEREZ", "THOMPSON", "WHITE", "HARRIS", "SANCHEZ",
    "CLARK", "RAMIREZ", "LEWIS", "ROBINSON", "WALKER", "YOUNG", "ALLEN", "KING", "WRIGHT",
    "SCOTT", "TORRES", "NGUYEN", "HILL", "FLORES", "GREEN", "ADAMS", "NELSON", "BAKER", "HALL",
    "RIVERA", "CAMPBELL", "MITCHELL", "CARTER", "ROBERTS", "DUBOIS", "LAMBERT", "MULLER",
    "SCHMIDT", "SCHNEIDER", "FISCHER", "WEBER", "MEYER", "WAGNER", "BECKER", "ROSSI", "RUSSO",
    "FERRARI", "ESPOSITO", "BIANCHI", "ROMANO", "COLOMBO", "PETERS", "JANSSENS", "MAES",
    "DOE", "DOERING", "DOEHLER",  # PatientName=DOE* matches these three families (~4 %)
]
FIRST_NAMES = [
    "JOHN", "JANE", "MARY", "JAMES", "ANNA", "PETER", "LUCAS", "EMMA", "NOAH", "OLIVIA", "LIAM",
    "SOPHIE", "MARC", "JULIE", "LEA", "HUGO", "CHLOE", "LOUIS", "ALICE", "PAUL",
]
# (modality, weight, study description)
MODALITIES = [
    ("CR", 22, "CHEST PA AND LATERAL"), ("CT", 20, "CT HEAD WITHOUT CONTRAST"),
    ("MR", 15, "MR BRAIN WITH AND WITHOUT CONTRAST"), ("US", 14, "US ABDOMEN COMPLETE"),
    ("DX", 12, "XR KNEE 3 VIEWS"), ("MG", 8, "MAMMOGRAPHY SCREENING BILATERAL"),
    ("NM", 4, "NM BONE SCAN WHOLE BODY"), ("PT", 3, "PET CT WHOLE BODY"),
    ("XA", 2, "CORONARY ANGIOGRAPHY"),
]


def index(args):
    rnd = random.Random(20260115)
    n = args.studies
    patients = max(1, n * 2 // 5)  # 2.5 studies per patient on average
    for s in range(SHARDS):
        os.makedirs(os.path.join(args.out, str(s)), exist_ok=True)
    start = datetime.date(2014, 1, 1).toordinal()
    end = datetime.date(2025, 12, 31).toordinal()
    mods = [m for m, w, _ in MODALITIES for _ in range(w)]
    desc = {m: d for m, _, d in MODALITIES}
    tiny = np.zeros((64, 64), dtype=np.uint8)
    yy, xx = np.mgrid[0:64, 0:64]
    tiny[(xx - 32) ** 2 + (yy - 32) ** 2 < 400] = 200
    patient_ids, sentinels = [], [None] * SHARDS
    for i in range(n):
        p = rnd.randrange(patients)
        prnd = random.Random(p)  # a patient keeps the same name, sex, birth date
        pid = "IRIS%07d" % p
        name = "%s^%s" % (prnd.choice(LAST_NAMES), prnd.choice(FIRST_NAMES))
        modality = rnd.choice(mods)
        date = datetime.date.fromordinal(rnd.randint(start, end)).strftime("%Y%m%d")
        study, series, sop = uid("idx", i, "study"), uid("idx", i, "series"), uid("idx", i, "sop")
        ds = Dataset()
        ds.file_meta = file_meta(SECONDARY_CAPTURE, sop)
        ds.SpecificCharacterSet = "ISO_IR 100"
        ds.ImageType = ["DERIVED", "SECONDARY"]
        ds.SOPClassUID = SECONDARY_CAPTURE
        ds.SOPInstanceUID = sop
        ds.StudyDate = ds.SeriesDate = ds.ContentDate = date
        ds.StudyTime = ds.SeriesTime = ds.ContentTime = "%02d%02d00" % (rnd.randint(7, 19), rnd.randint(0, 59))
        ds.AccessionNumber = "ACC%08d" % i
        ds.Modality = modality
        ds.ConversionType = "WSD"
        ds.Manufacturer = "Iris bench"
        ds.InstitutionName = rnd.choice(["CHU NORD", "CLINIQUE SUD", "HOPITAL EST", "CENTRE OUEST"])
        ds.ReferringPhysicianName = "REF^%s" % rnd.choice(LAST_NAMES)
        ds.StudyDescription = desc[modality]
        ds.SeriesDescription = desc[modality]
        ds.PatientName = name
        ds.PatientID = pid
        ds.PatientBirthDate = "%04d%02d%02d" % (prnd.randint(1930, 2020), prnd.randint(1, 12), prnd.randint(1, 28))
        ds.PatientSex = prnd.choice(["F", "M"])
        ds.StudyInstanceUID = study
        ds.SeriesInstanceUID = series
        ds.StudyID = str(i % 10000)
        ds.SeriesNumber = 1
        ds.InstanceNumber = 1
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.Rows = ds.Columns = 64
        ds.BitsAllocated = 8
        ds.BitsStored = 8
        ds.HighBit = 7
        ds.PixelRepresentation = 0
        ds.PixelData = tiny.tobytes()
        ds["PixelData"].VR = "OB"
        save(ds, os.path.join(args.out, str(i % SHARDS), "s%06d.dcm" % i))
        patient_ids.append(pid)
        sentinels[i % SHARDS] = ds.AccessionNumber
    # The QIDO-RS mix: a quarter each by PatientID, PatientName wildcard, StudyDate range (one
    # month), ModalitiesInStudy; every query with limit=25. Shuffled with a fixed seed.
    queries = []
    each = max(1, args.queries // 4)
    for _ in range(each):
        queries.append("PatientID=%s" % rnd.choice(patient_ids))
        queries.append("PatientName=DOE*")
        y, m = rnd.randint(2014, 2025), rnd.randint(1, 12)
        last = (datetime.date(y + (m == 12), m % 12 + 1, 1) - datetime.timedelta(days=1)).day
        queries.append("StudyDate=%04d%02d01-%04d%02d%02d" % (y, m, y, m, last))
        queries.append("ModalitiesInStudy=%s" % rnd.choice(mods))
    rnd.shuffle(queries)
    with open(os.path.join(args.out, "queries.txt"), "w") as f:
        for q in queries:
            f.write("studies?%s&limit=25\n" % q)
    with open(os.path.join(args.out, "sentinels.txt"), "w") as f:
        f.write("\n".join(s for s in sentinels if s) + "\n")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="what", required=True)
    c = sub.add_parser("ct")
    c.add_argument("out")
    c.add_argument("--slices", type=int, default=500)
    c.add_argument("--size", type=int, default=512)
    c.add_argument("--variants", default="a,b,c")
    st = sub.add_parser("stow")
    st.add_argument("out")
    st.add_argument("--from", dest="src", required=True)
    st.add_argument("--batch", type=int, default=50)
    i = sub.add_parser("index")
    i.add_argument("out")
    i.add_argument("--studies", type=int, default=10000)
    i.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()
    {"ct": ct, "stow": stow, "index": index}[args.what](args)


if __name__ == "__main__":
    sys.exit(main())
