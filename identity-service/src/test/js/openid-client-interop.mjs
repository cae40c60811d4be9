// Drives identity-service with openid-client (a certified OpenID Connect relying party library)
// as a viewer would: discovery, authorization code + PKCE S256, the sign-in pages (driven with
// fetch like a browser: cookie, forms, CSRF token), the token exchange with ID token validation,
// userinfo, a refresh, and RP-initiated logout.
//
// Usage: node openid-client-interop.mjs ISSUER CLIENT_ID REDIRECT_URI POST_LOGOUT_URI USERNAME PASSWORD
// When the one-time code is needed it prints {"step":"otp"} and reads the code from stdin.
// The last line printed is a JSON report.
import * as client from 'openid-client';
import * as readline from 'node:readline';

const [issuer, clientId, redirectUri, postLogoutUri, username, password] = process.argv.slice(2);

const lines = readline.createInterface({ input: process.stdin });
const nextLine = (() => {
  const queue = [];
  const waiting = [];
  lines.on('line', (l) => (waiting.length ? waiting.shift()(l) : queue.push(l)));
  return () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiting.push(r)));
})();

let cookie = null;

async function browse(url, options = {}) {
  const headers = { 'Accept-Language': 'en', ...(options.headers || {}) };
  if (cookie) headers.Cookie = cookie;
  const response = await fetch(url, { ...options, headers, redirect: 'manual' });
  for (const set of response.headers.getSetCookie()) {
    const [pair] = set.split(';');
    const [name, value] = pair.split('=');
    if (name === 'iris_session') cookie = value ? `${name}=${value}` : null;
  }
  return response;
}

function location(response, base) {
  const value = response.headers.get('location');
  if (!value) throw new Error(`no redirect (status ${response.status})`);
  return new URL(value, base);
}

async function submit(url, fields) {
  const page = await browse(url);
  const html = await page.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html);
  if (!csrf) throw new Error(`no form on ${url}: ${html}`);
  return browse(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, csrf: csrf[1] }).toString(),
  });
}

const config = await client.discovery(new URL(issuer), clientId, undefined, client.None(), {
  execute: [client.allowInsecureRequests],
});

const verifier = client.randomPKCECodeVerifier();
const challenge = await client.calculatePKCECodeChallenge(verifier);
const state = client.randomState();
const nonce = client.randomNonce();
const authorizationUrl = client.buildAuthorizationUrl(config, {
  redirect_uri: redirectUri,
  scope: 'openid profile',
  code_challenge: challenge,
  code_challenge_method: 'S256',
  state,
  nonce,
});

const toSignIn = location(await browse(authorizationUrl), issuer);
const afterPassword = await submit(toSignIn, { username, password });
const toCode = location(afterPassword, issuer);
console.log(JSON.stringify({ step: 'otp' }));
const code = (await nextLine()).trim();
const callback = location(await submit(toCode, { code }), issuer);
if (!callback.href.startsWith(redirectUri)) throw new Error(`unexpected redirect ${callback.href}`);

const tokens = await client.authorizationCodeGrant(config, callback, {
  pkceCodeVerifier: verifier,
  expectedState: state,
  expectedNonce: nonce,
  idTokenExpected: true,
});
const claims = tokens.claims();
const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);

const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
const userinfoAfterRefresh = await client.fetchUserInfo(config, refreshed.access_token, claims.sub);

// Single sign-on: a second authorization in the same browser needs no sign-in.
const second = location(await browse(client.buildAuthorizationUrl(config, {
  redirect_uri: redirectUri,
  scope: 'openid',
  code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
  code_challenge_method: 'S256',
  state: client.randomState(),
})), issuer);

const logout = await browse(client.buildEndSessionUrl(config, {
  id_token_hint: tokens.id_token,
  post_logout_redirect_uri: postLogoutUri,
  state: 'bye',
}));

let refreshAfterLogout;
try {
  await client.refreshTokenGrant(config, refreshed.refresh_token);
  refreshAfterLogout = 'accepted';
} catch (e) {
  refreshAfterLogout = e.error || e.code || String(e);
}

console.log(JSON.stringify({
  sub: claims.sub,
  idTokenAmr: claims.amr,
  idTokenAcr: claims.acr,
  userinfoSub: userinfo.sub,
  preferredUsername: userinfo.preferred_username,
  userinfoAfterRefreshSub: userinfoAfterRefresh.sub,
  rotated: refreshed.refresh_token !== tokens.refresh_token,
  secondAuthorizationRedirect: second.origin + second.pathname,
  secondAuthorizationHasCode: second.searchParams.has('code'),
  logoutStatus: logout.status,
  logoutRedirect: logout.headers.get('location'),
  refreshAfterLogout,
}));
lines.close();
