#!/usr/bin/env bash
# Loads the demo studies into a running Iris, as a PACS would: three small synthetic studies
# written by pydicom (Debian's python3-pydicom) and pushed with dcmtk's storescu from the calling
# AE title STORESCU, which the dev profile maps to the demo establishment 750000001.
#
#   scripts/load-demo.sh [--host HOST] [--port PORT] [--aet CALLING_AE] [--aec CALLED_AE]
#
# The studies (accession numbers DEMO-1 to DEMO-3), and who sees them (docs/getting-started.md):
#   DEMO-1  CT  referring physician Dr Claire Martin, by her RPPS number in the Referring Physician
#               Identification Sequence: the demo account `prescriber` sees it.
#   DEMO-2  MR  referring physician Dr Hugo Leroy (another practitioner, idNat_PS 810000000037).
#   DEMO-3  CR  Dr Claire Martin's name as Referring Physician's Name, but no identifier: no
#               prescriber access by name (ADR 0013); the establishment's staff see it.
# `site-admin` (establishment 750000001) sees all three, `platform-admin` everything.
# Patients and practitioners are invented. run.sh calls this once on a fresh data directory.
set -euo pipefail

HOST=localhost
PORT=11112
AET=STORESCU
AEC=IRIS
while [ $# -gt 0 ]; do
  case "$1" in
    --host) HOST="$2"; shift ;;
    --port) PORT="$2"; shift ;;
    --aet) AET="$2"; shift ;;
    --aec) AEC="$2"; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "load-demo: unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

command -v storescu >/dev/null 2>&1 || { echo "load-demo: storescu (dcmtk) is missing: run scripts/bootstrap.sh" >&2; exit 1; }
# Debian's python3 has python3-pydicom; another python3 first on the PATH may not.
PYTHON=""
for candidate in /usr/bin/python3 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import pydicom' 2>/dev/null; then
    PYTHON=$candidate
    break
  fi
done
[ -n "$PYTHON" ] || { echo "load-demo: no python3 with pydicom: run scripts/bootstrap.sh (python3-pydicom)" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$PYTHON" - "$WORK" <<'PY'
import datetime
import sys

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

out = sys.argv[1]
today = datetime.date.today()


def identifier(scheme, value, meaning):
    """A Referring Physician Identification Sequence item naming one practitioner."""
    code = Dataset()
    code.CodeValue = value
    code.CodingSchemeDesignator = scheme
    code.CodeMeaning = meaning
    item = Dataset()
    item.PersonIdentificationCodeSequence = [code]
    return item


# accession, modality, SOP class, patient (name, ID, birth date, sex), days ago, description,
# referring physician's name, identification item (or None)
STUDIES = [
    ("DEMO-1", "CT", "1.2.840.10008.5.1.4.1.1.2", ("DEMO^Alice", "IRIS-DEMO-1", "19580412", "F"), 3,
     "CT thorax (demo)", "MARTIN^Claire", identifier("RPPS", "10000000011", "Dr Claire Martin")),
    ("DEMO-2", "MR", "1.2.840.10008.5.1.4.1.1.4", ("DEMO^Bruno", "IRIS-DEMO-2", "19711030", "M"), 10,
     "IRM genou (demo)", "LEROY^Hugo", identifier("IDNPS", "810000000037", "Dr Hugo Leroy")),
    ("DEMO-3", "CR", "1.2.840.10008.5.1.4.1.1.1", ("DEMO^Chloe", "IRIS-DEMO-3", "19890305", "F"), 30,
     "Radio thorax (demo)", "MARTIN^Claire", None),
]

for n, (accession, modality, sop_class, patient, days_ago, description, referring, ident) in enumerate(STUDIES, 1):
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = sop_class
    ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.is_little_endian = True
    ds.is_implicit_VR = False

    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.SOPClassUID = sop_class
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = patient
    ds.IssuerOfPatientID = "IRIS-DEMO"
    date = (today - datetime.timedelta(days=days_ago)).strftime("%Y%m%d")
    ds.StudyDate = ds.SeriesDate = ds.ContentDate = date
    ds.StudyTime = ds.SeriesTime = ds.ContentTime = "%02d%02d00" % (8 + n, 15 * n)
    ds.AccessionNumber = accession
    ds.StudyID = accession
    ds.StudyDescription = description
    ds.ReferringPhysicianName = referring
    if ident is not None:
        ds.ReferringPhysicianIdentificationSequence = [ident]
    ds.InstitutionName = "Iris demo establishment"
    ds.Modality = modality
    ds.SeriesNumber = 1
    ds.SeriesDescription = description
    ds.InstanceNumber = 1
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    ds.PatientOrientation = ""

    # A 64 x 64, 12-bit image: a ring on a gradient, so that rendered images show something.
    size = 64
    ds.Rows = ds.Columns = size
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.WindowCenter = 2048
    ds.WindowWidth = 4096
    if modality == "CT":
        ds.RescaleIntercept = -1024  # stored 0..4095 = -1024..3071 HU
        ds.RescaleSlope = 1
        ds.WindowCenter = 1024
    pixels = bytearray()
    for y in range(size):
        for x in range(size):
            r2 = (x - size / 2) ** 2 + (y - size / 2) ** 2
            value = 3000 if 150 < r2 < 400 else (x * 32 + y * n * 8) % 4096
            pixels += int(value).to_bytes(2, "little")
    ds.PixelData = bytes(pixels)

    ds.save_as("%s/%s.dcm" % (out, accession), write_like_original=False)
PY

# TCP_NODELAY: Debian's dcmtk otherwise waits about 40 ms per PDU.
if ! TCP_NODELAY=1 storescu -aet "$AET" -aec "$AEC" "$HOST" "$PORT" "$WORK"/DEMO-*.dcm >"$WORK/storescu.log" 2>&1; then
  echo "load-demo: storescu failed:" >&2
  cat "$WORK/storescu.log" >&2
  exit 1
fi
echo "load-demo: 3 demo studies stored (accession numbers DEMO-1, DEMO-2, DEMO-3) from $AET"
