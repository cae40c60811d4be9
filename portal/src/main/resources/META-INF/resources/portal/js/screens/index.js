// Every screen of the portal, in menu order. A new screen is one new file in this folder
// (see docs/portal.md for its shape) and one line here.
import myPatients from './my-patients.js';
import study from './study.js';

export default [
  myPatients,
  study,
];
