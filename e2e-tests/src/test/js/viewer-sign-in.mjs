// A viewer's whole path on the running platform: openid-client (a certified OpenID Connect relying
// party) signs in at identity-service with authorization code + PKCE S256 (password, then the
// one-time code read from stdin), then dicomweb-client (OHIF's DICOMweb client) calls the gateway
// with the access token: searches and a rendered image. Also the same search with no token and
// with a token whose signature was tampered with.
//
// Usage: node viewer-sign-in.mjs ISSUER GATEWAY CLIENT_ID REDIRECT_URI USERNAME PASSWORD
// It prints {"step":"otp"} when it needs the code; the last line printed is a JSON report.
import * as client from 'openid-client';
import * as readline from 'node:readline';
import XMLHttpRequest from 'xhr2';
import dicomweb from 'dicomweb-client';
import { signInPages, signInWithCode } from './sign-in-pages.mjs';
import { isReport } from './sop-classes.mjs';

global.XMLHttpRequest = XMLHttpRequest;

const [issuer, gateway, clientId, redirectUri, username, password] = process.argv.slice(2);
const lines = readline.createInterface({ input: process.stdin });
const nextLine = () => new Promise((resolve) => lines.once('line', resolve));

const pages = signInPages(issuer);

const config = await client.discovery(new URL(issuer), clientId, undefined, client.None(), {
  execute: [client.allowInsecureRequests],
});
const { tokens } = await signInWithCode(config, pages, { redirectUri, username, password, nextCode: nextLine });

const dicomwebFor = (token) => new dicomweb.api.DICOMwebClient({
  url: gateway,
  headers: token ? { Authorization: `Bearer ${token}` } : {},
});
const viewer = dicomwebFor(tokens.access_token);
const studies = await viewer.searchForStudies({ queryParams: { AccessionNumber: 'DEMO-*', includefield: '00080050' } });
const accessionNumbers = studies.map((s) => s['00080050']?.Value?.[0]).filter(Boolean).sort();
const first = studies[0]['0020000D'].Value[0];
// a viewer's study list shows a picture of each study: its instances, then one rendered
// (not its metadata: that would mark the study as read in the prescriber's list)
const instances = await viewer.searchForInstances({ studyInstanceUID: first });
// an image: the demo study also holds its reports (SR, encapsulated PDF), which have no rendering
const picture = instances.find((i) => !isReport(i['00080016']?.Value?.[0]));
const instance = {
  studyInstanceUID: first,
  seriesInstanceUID: picture['0020000E'].Value[0],
  sopInstanceUID: picture['00080018'].Value[0],
};
const image = await viewer.retrieveInstanceRendered({ ...instance, mediaTypes: [{ mediaType: 'image/jpeg' }] });
// dicomweb-client hands the image back as a one-element array
const rendered = new Uint8Array(Array.isArray(image) ? image[0] : image);

const status = async (token) => {
  try {
    await dicomwebFor(token).searchForStudies();
    return 200;
  } catch (e) {
    return e.status ?? e.request?.status ?? String(e);
  }
};
const [header, payload, signature] = tokens.access_token.split('.');
const tampered = `${header}.${payload}.${signature.slice(0, -4)}${signature.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;

console.log(JSON.stringify({
  scopeGranted: tokens.scope ?? null,
  accessionNumbers,
  study: first,
  instance,
  instances: instances.length,
  renderedIsJpeg: rendered[0] === 0xff && rendered[1] === 0xd8,
  statusWithoutToken: await status(null),
  statusWithTamperedToken: await status(tampered),
}));
lines.close();
