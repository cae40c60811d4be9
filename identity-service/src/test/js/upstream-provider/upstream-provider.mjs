// A Pro Santé Connect compatible OpenID provider for the federation test, built on oidc-provider:
// scope scope_all with the claims SubjectNameID (the idNat_PS), given_name and family_name, given
// in a signed userinfo JWT (the "jeton userinfo"); acr eidas1; the discovery document also at a
// non-standard path, as Pro Santé Connect's is.
// The login is the provider's development form: whatever is typed as login is the idNat_PS; a
// login starting with "no-acr:" signs in without an acr. Arguments: port, client id, client secret
// (made by the test), redirect URI. Prints "ready" once listening.
import { generateKeyPair, exportJWK } from 'jose';
import Provider from 'oidc-provider';
import * as querystring from 'node:querystring';

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const issuer = `http://localhost:${port}`;

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'upstream-test', alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    token_endpoint_auth_method: 'client_secret_basic',
    userinfo_signed_response_alg: 'RS256',
  }],
  features: { jwtUserinfo: { enabled: true } },
  jwks: { keys: [jwk] },
  scopes: ['openid', 'scope_all'],
  claims: { openid: ['sub'], scope_all: ['SubjectNameID', 'given_name', 'family_name'], acr: null, auth_time: null },
  acrValues: ['eidas1'],
  pkce: { required: () => true },
  cookies: { keys: [clientSecret] },
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: `psc-${id}`, SubjectNameID: id.replace(/^no-acr:/, ''), given_name: 'Camille', family_name: 'Test' }),
  }),
});
provider.proxy = false;

// The development login form's answer, with the acr that Pro Santé Connect's own login records.
provider.use(async (ctx, next) => {
  if (ctx.method === 'POST' && /^\/interaction\/[^/]+$/.test(ctx.path)) {
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    const body = querystring.parse(Buffer.concat(chunks).toString());
    if (body.prompt === 'login') {
      const login = String(body.login);
      await provider.interactionFinished(ctx.req, ctx.res, {
        login: { accountId: login, ...(login.startsWith('no-acr:') ? {} : { acr: 'eidas1' }) },
      }, { mergeWithLastSubmission: false });
      return;
    }
    ctx.request.body = body;
  }
  if (ctx.path === '/.well-known/wallet-openid-configuration') {
    ctx.path = '/.well-known/openid-configuration';
  }
  await next();
});

provider.listen(Number(port), 'localhost', () => console.log('ready'));
