// Sign-in with the platform's OpenID provider through oidc-client-ts (global `oidc`, vendor/):
// authorization code + PKCE as the public client of config.json; tokens in sessionStorage (this
// tab only, gone with it); renewal with the refresh token, which also keeps the provider's
// browser session alive. The server decides every access: roles here only choose what to show.

let manager;
let user;

function settings(config) {
  const origin = window.location.origin;
  return {
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${origin}/portal/callback.html`,
    post_logout_redirect_uri: `${origin}/portal/`,
    response_type: 'code',
    scope: 'openid profile',
    userStore: new oidc.WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new oidc.WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
    monitorSession: false,
    loadUserInfo: false,
  };
}

/** The signed-in user of this tab (renewed when its token expired), or null. */
export async function currentUser(config) {
  manager ??= new oidc.UserManager(settings(config));
  user = await manager.getUser();
  if (user && user.expired) {
    user = await renew().catch(() => null);
  }
  return user;
}

/** Completes the sign-in on callback.html; returns the route to go back to. */
export async function completeSignIn(config) {
  manager ??= new oidc.UserManager(settings(config));
  user = await manager.signinRedirectCallback();
  const route = user.state?.route;
  return typeof route === 'string' && route.startsWith('#/') ? route : '#/';
}

/** Sends the browser to the sign-in pages; it comes back to {@code route}. */
export function signIn(route = window.location.hash) {
  return manager.signinRedirect({ state: { route } });
}

/** A fresh access token with the refresh token (extends the provider's session). */
export async function renew() {
  user = await manager.signinSilent();
  return user;
}

/** Forgets the tokens and ends the provider's session; comes back to /portal/?signed-out=REASON. */
export async function signOut(reason) {
  const idToken = user?.id_token;
  await manager.removeUser();
  const back = `${window.location.origin}/portal/${reason ? `?signed-out=${encodeURIComponent(reason)}` : ''}`;
  await manager.signoutRedirect({ id_token_hint: idToken, post_logout_redirect_uri: back });
}

export function accessToken() {
  return user?.access_token;
}

/** Seconds the access token has left. */
export function tokenSecondsLeft() {
  return user?.expires_in ?? 0;
}

/** The access token's claims (roles in `groups`), for what to show; never trusted for access. */
export function claims() {
  const token = accessToken();
  if (!token) {
    return {};
  }
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0))));
  } catch {
    return {};
  }
}

export function roles() {
  return claims().groups ?? [];
}
