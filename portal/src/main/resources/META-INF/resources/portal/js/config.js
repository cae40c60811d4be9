// The portal's settings, from the gateway (GET /portal/config.json): the OpenID provider (the
// public origin), the portal's client id, the idle timeout and its warning, the viewer's path.

let cached;

export async function loadConfig() {
  if (!cached) {
    const response = await fetch('/portal/config.json', { headers: { Accept: 'application/json' } });
    if (!response.ok) {
      throw new Error(`config.json: ${response.status}`);
    }
    cached = await response.json();
  }
  return cached;
}
