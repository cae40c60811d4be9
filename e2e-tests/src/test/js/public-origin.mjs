// A viewer configured with nothing but the platform's public origin, as OHIF would be: openid-client
// (a certified OpenID Connect relying party) reads the discovery document of that origin and
// follows it — authorization code + PKCE S256, sign-in pages (password, then the one-time code read
// from stdin), token, userinfo — then dicomweb-client (OHIF's DICOMweb client) searches and
// retrieves on the same origin with the access token, and the platform APIs a viewer or portal
// uses (My patients, the inbox) answer there too. Every URL the platform hands out must stay on
// the origin. Then CORS as a browser on another configured origin would do it: preflights (no
// token) and real requests, and the same from an origin that is not configured.
//
// Usage: node public-origin.mjs ORIGIN CLIENT_ID REDIRECT_URI USERNAME PASSWORD OTHER_ORIGIN
// It prints {"step":"otp"} when it needs the code; the last line printed is a JSON report.
import * as client from 'openid-client';
import * as readline from 'node:readline';
import XMLHttpRequest from 'xhr2';
import dicomweb from 'dicomweb-client';
import { signInPages, signInWithCode } from './sign-in-pages.mjs';
import { isReport } from './sop-classes.mjs';

global.XMLHttpRequest = XMLHttpRequest;

const [origin, clientId, redirectUri, username, password, otherOrigin] = process.argv.slice(2);
const lines = readline.createInterface({ input: process.stdin });
const nextLine = () => new Promise((resolve) => lines.once('line', resolve));
const offOrigin = new Set();
const onOrigin = (url) => {
  if (new URL(url).origin !== origin) offOrigin.add(String(url));
  return url;
};

const pages = signInPages(origin, { seen: onOrigin, origin });

// Discovery on the public origin only: openid-client requires its issuer to be that origin.
const discoveryDocument = await (await fetch(`${origin}/.well-known/openid-configuration`)).json();
const endpoints = ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'userinfo_endpoint', 'end_session_endpoint']
  .map((name) => discoveryDocument[name]).filter(Boolean);
endpoints.forEach(onOrigin);
const report = { issuer: discoveryDocument.issuer, endpoints };
try {
  const config = await client.discovery(new URL(origin), clientId, undefined, client.None(), {
    execute: [client.allowInsecureRequests],
  });
  const { tokens, callback } = await signInWithCode(config, pages, { redirectUri, username, password, nextCode: nextLine,
    seen: onOrigin });
  report.callbackOnRedirectUri = callback.href.startsWith(redirectUri);
  const claims = tokens.claims();
  report.userinfoSub = (await client.fetchUserInfo(config, tokens.access_token, claims.sub)).sub;
  report.idTokenSub = claims.sub;

  const viewer = new dicomweb.api.DICOMwebClient({ url: origin, headers: { Authorization: `Bearer ${tokens.access_token}` } });
  const studies = await viewer.searchForStudies({ queryParams: { AccessionNumber: 'DEMO-*', includefield: '00080050' } });
  report.accessionNumbers = studies.map((s) => s['00080050']?.Value?.[0]).filter(Boolean).sort();
  const study = studies[0]['0020000D'].Value[0];
  const instances = await viewer.searchForInstances({ studyInstanceUID: study });
  // an image: the demo study also holds its reports (SR, encapsulated PDF), which have no rendering
  const picture = instances.find((i) => !isReport(i['00080016']?.Value?.[0]));
  const instance = {
    studyInstanceUID: study,
    seriesInstanceUID: picture['0020000E'].Value[0],
    sopInstanceUID: picture['00080018'].Value[0],
  };
  const image = await viewer.retrieveInstanceRendered({ ...instance, mediaTypes: [{ mediaType: 'image/jpeg' }] });
  const rendered = new Uint8Array(Array.isArray(image) ? image[0] : image);
  report.renderedIsJpeg = rendered[0] === 0xff && rendered[1] === 0xd8;
  const metadata = await viewer.retrieveSeriesMetadata(instance);
  report.seriesMetadata = metadata.length;

  const bearer = { Authorization: `Bearer ${tokens.access_token}` };
  const api = async (path) => (await fetch(`${origin}${path}`, { headers: { ...bearer, Accept: 'application/json' } })).status;
  report.myPatients = await api('/api/my-patients');
  report.inbox = await api('/api/notifications');
  report.account = await api('/api/accounts/me');

  // CORS, as a browser on another origin sends it
  const preflight = async (from, path, method) => {
    const r = await fetch(`${origin}${path}`, {
      method: 'OPTIONS',
      headers: { Origin: from, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': 'authorization' },
    });
    return { status: r.status, allowOrigin: r.headers.get('access-control-allow-origin') };
  };
  const cross = async (from, path) => {
    const r = await fetch(`${origin}${path}`, { headers: { ...bearer, Origin: from, Accept: 'application/dicom+json' } });
    return { status: r.status, allowOrigin: r.headers.get('access-control-allow-origin') };
  };
  const stranger = 'http://stranger.example.net';
  report.cors = {
    preflightStudies: await preflight(otherOrigin, '/studies', 'GET'),
    preflightToken: await preflight(otherOrigin, '/token', 'POST'),
    preflightUserinfo: await preflight(otherOrigin, '/userinfo', 'GET'),
    studies: await cross(otherOrigin, '/studies'),
    discovery: await cross(otherOrigin, '/.well-known/openid-configuration'),
    strangerPreflight: await preflight(stranger, '/studies', 'GET'),
    strangerStudies: await cross(stranger, '/studies'),
  };
} catch (e) {
  report.error = String(e?.stack ?? e);
}
report.offOrigin = [...offOrigin];
console.log(JSON.stringify(report));
lines.close();
