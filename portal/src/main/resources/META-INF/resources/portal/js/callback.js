// callback.html: the provider sent the browser back with a code; exchange it, then return to the
// portal's page the sign-in started from.
import { loadConfig } from './config.js';
import { completeSignIn } from './auth.js';

try {
  const route = await completeSignIn(await loadConfig());
  window.location.replace(`/portal/${route}`);
} catch (e) {
  const main = document.getElementById('main');
  main.textContent = `Connexion impossible / Sign-in failed: ${e.message}`;
  const again = document.createElement('a');
  again.href = '/portal/';
  again.textContent = 'Iris';
  main.append(' ', again);
}
