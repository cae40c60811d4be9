import * as client from 'openid-client';

// The platform's sign-in pages as a browser goes through them: one session cookie, redirects
// followed by hand (to see each Location), forms posted with their CSRF field to where the page
// says. Shared by the e2e scripts that sign in.
//
// signInPages(base, { seen, origin }): base resolves relative Locations; seen(url) is told of every
// URL fetched (returns it); origin, when given, is sent as the forms' Origin header.
export function signInPages(base, { seen = (url) => url, origin } = {}) {
  let cookie = null;
  async function browse(url, options = {}) {
    const headers = { 'Accept-Language': 'en', ...(options.headers || {}) };
    if (cookie) headers.Cookie = cookie;
    const response = await fetch(seen(url), { ...options, headers, redirect: 'manual' });
    for (const set of response.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const [name, value] = pair.split('=');
      if (name === 'iris_session') cookie = value ? `${name}=${value}` : null;
    }
    return response;
  }
  const location = (response) => {
    const value = response.headers.get('location');
    if (!value) throw new Error(`no redirect (status ${response.status})`);
    return new URL(value, base);
  };
  async function submit(url, fields) {
    const html = await (await browse(url)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html);
    if (!csrf) throw new Error(`no form on ${url}`);
    // the form posts where the page says, resolved against the page's URL as a browser does
    const action = /<form[^>]*action="([^"]*)"/.exec(html);
    const target = action && action[1] ? new URL(action[1].replaceAll('&amp;', '&'), url) : url;
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
    if (origin) headers.Origin = origin;
    return browse(target, {
      method: 'POST',
      headers,
      body: new URLSearchParams({ ...fields, csrf: csrf[1] }).toString(),
    });
  }
  return { browse, location, submit };
}

// A public client's authorization code + PKCE S256 through these pages (openid-client's
// {@code config}): the password, then the one-time code, asked for with {"step":"otp"} on stdout
// and read with nextCode(). seen(url) is told of the one-time-code page's URL. Returns the tokens
// and the callback URL the provider sent the browser to.
export async function signInWithCode(config, pages, { redirectUri, username, password, nextCode, seen = (url) => url }) {
  const { browse, location, submit } = pages;
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  const toCode = location(await submit(location(await browse(authorizationUrl)), { username, password }));
  console.log(JSON.stringify({ step: 'otp' }));
  const callback = location(await submit(seen(toCode), { code: (await nextCode()).trim() }));
  const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
  return { tokens, callback };
}
