#!/usr/bin/env bash
# Loads the demo studies into a running Iris, as a PACS would: three small synthetic studies
# written by pydicom (Debian's python3-pydicom) and pushed with dcmtk's storescu from the calling
# AE title STORESCU, which the dev profile maps to the demo establishment 750000001.
#
#   scripts/load-demo.sh [--host HOST] [--port PORT] [--aet CALLING_AE] [--aec CALLED_AE]
#
# The studies (accession numbers DEMO-1 to DEMO-3), and who sees them (docs/getting-started.md):
#   DEMO-1  CT  referring physician Dr Claire Martin, by her RPPS number in the Referring Physician
#               Identification Sequence: the demo account `prescriber` sees it. Its reports too: a
#               Basic Text SR (series 2) and an Encapsulated PDF (series 3), sent by the same AE.
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
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
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
    if accession == "DEMO-1":
        demo1 = ds


def code(value, scheme, meaning):
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, scheme, meaning
    return item


def report_instance(image, sop_class, modality, series_number, description):
    """An instance of the image's study, in a series of its own (same patient, study, referrer)."""
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
    for keyword in ("StudyInstanceUID", "PatientName", "PatientID", "IssuerOfPatientID", "PatientBirthDate",
                    "PatientSex", "StudyDate", "StudyTime", "AccessionNumber", "StudyID", "StudyDescription",
                    "ReferringPhysicianName", "ReferringPhysicianIdentificationSequence", "InstitutionName"):
        setattr(ds, keyword, getattr(image, keyword))
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = modality
    ds.SeriesNumber = series_number
    ds.SeriesDescription = description
    ds.InstanceNumber = 1
    ds.ContentDate = image.StudyDate
    ds.ContentTime = image.StudyTime
    ds.Manufacturer = "Iris demo"
    return ds


def reports(image):
    # Basic Text SR (PS3.3 A.35.1): a title, the findings and the impression as TEXT items.
    sr = report_instance(image, "1.2.840.10008.5.1.4.1.1.88.11", "SR", 2, "Compte rendu (demo)")
    sr.ReferencedPerformedProcedureStepSequence = []
    sr.PerformedProcedureCodeSequence = []
    sr.ValueType = "CONTAINER"
    sr.ConceptNameCodeSequence = [code("18748-4", "LN", "Compte rendu d'imagerie")]
    sr.ContinuityOfContent = "SEPARATE"
    sr.CompletionFlag = "COMPLETE"
    sr.VerificationFlag = "UNVERIFIED"
    items = []
    for value, meaning, text in (
            ("121071", "Constatations", "Pas de nodule pulmonaire. Pas d'épanchement pleural."),
            ("121073", "Conclusion", "Scanner thoracique normal.")):
        item = Dataset()
        item.RelationshipType = "CONTAINS"
        item.ValueType = "TEXT"
        item.ConceptNameCodeSequence = [code(value, "DCM", meaning)]
        item.TextValue = text
        items.append(item)
    sr.ContentSequence = items
    sr.save_as("%s/DEMO-1-sr.dcm" % out, write_like_original=False)

    # Encapsulated PDF (PS3.3 A.45.1): a one-page PDF written by hand, its xref offsets computed.
    text = "Iris - compte rendu de demonstration (DEMO-1) : scanner thoracique normal."
    stream = ("BT /F1 12 Tf 56 780 Td (%s) Tj ET" % text).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        pdf += b"%010d 00000 n \n" % offset
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    if len(pdf) % 2:
        pdf += b"\n"  # an OB value has an even length
    doc = report_instance(image, "1.2.840.10008.5.1.4.1.1.104.1", "DOC", 3, "Compte rendu PDF (demo)")
    doc.ConversionType = "WSD"
    doc.DocumentTitle = "Compte rendu (demo)"
    doc.ConceptNameCodeSequence = [code("18748-4", "LN", "Compte rendu d'imagerie")]
    doc.BurnedInAnnotation = "YES"
    doc.MIMETypeOfEncapsulatedDocument = "application/pdf"
    doc.EncapsulatedDocument = bytes(pdf)
    doc.AcquisitionDateTime = image.StudyDate + image.StudyTime
    doc.save_as("%s/DEMO-1-pdf.dcm" % out, write_like_original=False)


reports(demo1)
PY

# TCP_NODELAY: Debian's dcmtk otherwise waits about 40 ms per PDU.
if ! TCP_NODELAY=1 storescu -aet "$AET" -aec "$AEC" "$HOST" "$PORT" "$WORK"/DEMO-*.dcm >"$WORK/storescu.log" 2>&1; then
  echo "load-demo: storescu failed:" >&2
  cat "$WORK/storescu.log" >&2
  exit 1
fi
echo "load-demo: 3 demo studies stored (accession numbers DEMO-1, DEMO-2, DEMO-3; DEMO-1 with an SR and a PDF report) from $AET"
