// What OHIF's index.html ran inline, in a file of its own so that the viewer's CSP needs neither
// 'unsafe-inline' nor hashes (viewer/src/build/rebase.mjs, ADR 0025). @BASE@ is filled in by the build.
console.time('scriptToView');
window.PUBLIC_URL = '@BASE@';
// OHIF loads some extensions (the microscopy viewer) through this global.
function browserImportFunction(n) {
  return import(n);
}
