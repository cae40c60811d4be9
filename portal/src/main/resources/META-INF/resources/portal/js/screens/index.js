// Every screen of the portal, in menu order. A new screen is one new file in this folder
// (see docs/portal.md for its shape) and one line here.
import myPatients from './my-patients.js';
import study from './study.js';
import downloads from './downloads.js';
import notifications from './notifications.js';
import account from './account.js';
import adminAccounts from './admin-accounts.js';
import adminPeers from './admin-peers.js';
import adminAudit from './admin-audit.js';

export default [
  myPatients,
  study,
  downloads,
  notifications,
  account,
  adminAccounts,
  adminPeers,
  adminAudit,
];
