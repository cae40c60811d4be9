// Rebases OHIF's dist/ (built for "/") on another path and puts Iris's files in place (ADR 0025).
//
//   node rebase.mjs <dist dir> <base, e.g. /viewer/> <Iris's files: app-config.js, iris-boot.js>
//
// Every replacement states how many times its text must occur in the pinned OHIF version; any other
// count fails the build, so that a new OHIF version is looked at rather than half-rebased.
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dist, base, irisFiles] = process.argv.slice(2);
if (!dist || !base || !irisFiles || !base.startsWith('/') || !base.endsWith('/')) {
  fail('usage: rebase.mjs <dist dir> </base/> <Iris files dir>');
}

function fail(message) {
  console.error(`rebase.mjs: error: ${message}`);
  process.exit(1);
}

function count(text, what) {
  return what instanceof RegExp ? (text.match(new RegExp(what.source, what.flags.includes('g') ? what.flags : what.flags + 'g')) || []).length
    : text.split(what).length - 1;
}

/** Replaces `what` in file, which must occur exactly `times` times. */
function replace(file, what, by, times) {
  const path = join(dist, file);
  const text = readFileSync(path, 'utf8');
  const found = count(text, what);
  if (found !== times) {
    fail(`${file}: expected ${times} occurrence(s) of ${what}, found ${found} (a different OHIF build? see ADR 0025)`);
  }
  writeFileSync(path, what instanceof RegExp ? text.replace(new RegExp(what.source, 'g'), by) : text.split(what).join(by));
}

function mustNotContain(file, what, why) {
  const found = count(readFileSync(join(dist, file), 'utf8'), what);
  if (found !== 0) {
    fail(`${file}: still ${found} occurrence(s) of ${what} after rebasing (${why})`);
  }
}

const files = readdirSync(dist);
const appBundles = files.filter((f) => /^app\.bundle\.[0-9a-f]+\.js$/.test(f));
if (appBundles.length !== 1) {
  fail(`expected one app.bundle.<hash>.js, found ${appBundles.length}`);
}

// index.html: its two inline scripts move to iris-boot.js (a CSP without 'unsafe-inline' or hashes),
// the service worker's registration goes, and every link is rebased.
replace('index.html', '<script>console.time("scriptToView"),window.PUBLIC_URL="/"</script>',
  '<script src="/iris-boot.js"></script>', 1);
replace('index.html', '<script>function browserImportFunction(n){return import(n)}window.PUBLIC_URL="/"</script>', '', 1);
replace('index.html', '<script rel="preload" as="script" type="module" src="/init-service-worker.js"></script>', '', 1);
replace('index.html', /(href|src)="\//, `$1="${base}`, 31);
replace('index.html', /content="\/assets\//, `content="${base}assets/`, 2);
const index = readFileSync(join(dist, 'index.html'), 'utf8');
if (count(index, /<script(?![^>]*\ssrc=)[^>]*>/) !== 0) {
  fail('index.html: an inline script is left (the CSP allows none)');
}
mustNotContain('index.html', new RegExp(`(href|src|content)="/(?!${base.slice(1)})`), 'every link under the base');
mustNotContain('index.html', /https?:\/\//, 'nothing from another origin');

// webpack's public path: the app's runtime and each worker's.
const publicPath = '__webpack_require__.p = "/";';
const withPublicPath = files.filter((f) => f.endsWith('.js') && readFileSync(join(dist, f), 'utf8').includes(publicPath));
if (!withPublicPath.includes(appBundles[0]) || withPublicPath.length !== 8) {
  fail(`expected "${publicPath}" in app.bundle and 7 worker bundles, found it in ${withPublicPath.length}: ${withPublicPath}`);
}
for (const f of withPublicPath) {
  replace(f, publicPath, `__webpack_require__.p = "${base}";`, 1);
}
// the microscopy extension imports its viewer by absolute path
replace(appBundles[0], "'/dicom-microscopy-viewer/dicomMicroscopyViewer.min.js'",
  `'${base}dicom-microscopy-viewer/dicomMicroscopyViewer.min.js'`, 1);

// the font in the stylesheet, the icons in the web-app manifests
replace('app.bundle.css', 'url(/', `url(${base}`, 5);
replace('manifest.json', '"/assets/', `"${base}assets/`, 9);
replace('assets/browserconfig.xml', '"/assets/', `"${base}assets/`, 4);
for (const f of ['assets/manifest.webapp', 'assets/yandex-browser-manifest.json']) {
  const text = readFileSync(join(dist, f), 'utf8');
  writeFileSync(join(dist, f), text.split('"/assets/').join(`"${base}assets/`));
}

// Iris's files: its configuration and the boot script (with the base it was rebased on)
copyFileSync(join(irisFiles, 'app-config.js'), join(dist, 'app-config.js'));
writeFileSync(join(dist, 'iris-boot.js'),
  readFileSync(join(irisFiles, 'iris-boot.js'), 'utf8').split('@BASE@').join(base));
mustNotContain('iris-boot.js', '@BASE@', 'the base is filled in');
console.log(`rebase.mjs: ${dist} rebased on ${base} (${withPublicPath.length} webpack runtimes, index.html, stylesheet, manifests)`);
