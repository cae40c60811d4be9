// Exercises the gateway with dicomweb-client (OHIF's DICOMweb client) under node.
// Usage: node dicomweb-interop.mjs <gateway-url> <token> <PatientID of the files> <file.dcm> [<file.dcm> ...]
// Prints one JSON object with what each transaction returned; exits non-zero on any failure.
import { readFileSync } from 'node:fs';
import XMLHttpRequest from 'xhr2';
import dicomweb from 'dicomweb-client';

globalThis.XMLHttpRequest = XMLHttpRequest;

const [url, token, patientID, ...files] = process.argv.slice(2);
const client = new dicomweb.api.DICOMwebClient({ url, headers: { Authorization: `Bearer ${token}` } });

const value = (dataset, tag) => dataset?.[tag]?.Value?.[0];
const report = {};

try {
  const datasets = files.map((f) => { const b = readFileSync(f); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); });
  await client.storeInstances({ datasets });
  report.stored = datasets.length;

  const studies = await client.searchForStudies({ queryParams: { PatientID: patientID } });
  report.studies = studies.length;
  const study = studies[0];
  const studyInstanceUID = value(study, '0020000D');
  report.studyInstanceUID = studyInstanceUID;
  report.patientName = value(study, '00100010')?.Alphabetic;

  const series = await client.searchForSeries({ studyInstanceUID });
  const seriesInstanceUID = value(series[0], '0020000E');
  const instances = await client.searchForInstances({ studyInstanceUID, seriesInstanceUID });
  const sopInstanceUID = value(instances[0], '00080018');
  report.series = series.length;
  report.instances = instances.length;

  const metadata = await client.retrieveStudyMetadata({ studyInstanceUID });
  report.metadataInstances = metadata.length;
  report.metadataRows = value(metadata[0], '00280010');

  const instance = await client.retrieveInstance({ studyInstanceUID, seriesInstanceUID, sopInstanceUID });
  report.instanceBytes = instance.byteLength;

  const frames = await client.retrieveInstanceFrames({ studyInstanceUID, seriesInstanceUID, sopInstanceUID, frameNumbers: [1] });
  report.frameBytes = frames[0].byteLength;

  const rendered = await client.retrieveInstanceRendered({ studyInstanceUID, seriesInstanceUID, sopInstanceUID, mediaTypes: [{ mediaType: 'image/jpeg' }] });
  // dicomweb-client hands the image back as a one-element array.
  const image = new Uint8Array(Array.isArray(rendered) ? rendered[0] : rendered);
  report.renderedBytes = image.byteLength;
  report.renderedIsJpeg = image[0] === 0xff && image[1] === 0xd8;

  console.log(JSON.stringify(report));
} catch (error) {
  console.log(JSON.stringify({ ...report, error: String(error?.message ?? error), status: error?.status }));
  process.exit(1);
}
