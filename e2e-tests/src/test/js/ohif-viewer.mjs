// The bundled OHIF viewer in a real browser (Debian's chromium driven by playwright-core): open a
// study at /viewer/viewer?StudyInstanceUIDs=..., sign in on identity's pages (password, then the
// one-time code, which the Java test reads over IMAP and writes on stdin after {"step":"otp"}), wait
// until the viewport's canvas shows an image, and keep a screenshot.
//
//   node ohif-viewer.mjs <chromium> <gateway> <StudyInstanceUID> <username> <password> <screenshot.png>
//
// The last line printed is a JSON report: the canvas's distinct pixel values, every request that left
// the origin, the CSP violations, the same-origin requests that failed.
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const [executablePath, gateway, study, username, password, screenshot] = process.argv.slice(2);
const origin = new URL(gateway).origin;
const input = createInterface({ input: process.stdin });
const lines = input[Symbol.asyncIterator]();
const nextLine = async () => (await lines.next()).value;

const report = { requests: 0, foreignRequests: [], cspViolations: [], failed: [], pageErrors: [], navigations: [] };
const browser = await chromium.launch({
  executablePath,
  headless: true,
  // software WebGL (cornerstone3D renders with WebGL), and nothing the browser itself would fetch
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    '--disable-quic', '--disable-features=Translate,OptimizationHints,MediaRouter'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  // CSP violations reported by the page itself (in the page and its workers' creators)
  await context.addInitScript(() => {
    window.__irisCsp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__irisCsp.push(`${e.effectiveDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`));
  });
  const page = await context.newPage();
  const cspFromConsole = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspFromConsole.push(message.text().slice(0, 300));
  });
  page.on('pageerror', (error) => report.pageErrors.push(String(error).slice(0, 300)));
  context.on('request', (request) => {
    report.requests++;
    const url = request.url();
    if (url.endsWith('.wasm')) (report.wasm ||= []).push(new URL(url).pathname);
    if (!/^(data|blob):/.test(url) && new URL(url).origin !== origin) report.foreignRequests.push(url);
  });
  context.on('response', (response) => {
    if (response.request().isNavigationRequest()) report.navigations.push(`${response.status()} ${response.request().method()} ${response.url()}`);
    if (response.status() >= 400) report.failed.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  context.on('requestfailed', (request) => {
    // a request the browser gave up on (refused by CSP, connection closed) — not one OHIF aborted itself
    const why = request.failure()?.errorText || '';
    if (!/ERR_ABORTED/.test(why)) report.failed.push(`${why} ${request.method()} ${request.url()}`);
  });

  const started = Date.now();
  await page.goto(`${gateway}/viewer/viewer?StudyInstanceUIDs=${encodeURIComponent(study)}`);
  // OHIF has no user: it sends the browser to the OpenID provider's sign-in page (same origin)
  await page.waitForSelector('input[name="username"]', { timeout: 60_000 });
  report.signInPage = new URL(page.url()).pathname;
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  await page.waitForSelector('input[name="code"]', { timeout: 30_000 });
  console.log(JSON.stringify({ step: 'otp', user: username }));
  await page.fill('input[name="code"]', (await nextLine()).trim());
  input.close(); // stdin stays open on the Java side until this process ends
  await page.click('button[type="submit"]');
  // back through /viewer/callback to the study it asked for
  await page.waitForURL((url) => url.pathname === '/viewer/viewer' && url.search.includes(study), { timeout: 60_000 });
  report.viewerUrl = page.url();

  // the viewport's canvas, until it shows an image (not one uniform colour)
  const canvas = page.locator('canvas.cornerstone-canvas').first();
  await canvas.waitFor({ state: 'visible', timeout: 90_000 });
  const deadline = Date.now() + 90_000;
  let pixels = { distinct: 0 };
  while (Date.now() < deadline) {
    pixels = await canvas.evaluate((c) => {
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const values = new Set();
      for (let i = 0; i < data.length; i += 4) values.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      return { distinct: values.size, width: c.width, height: c.height };
    });
    if (pixels.distinct > 16) break;
    await page.waitForTimeout(500);
  }
  report.canvas = pixels;
  report.secondsToImage = (Date.now() - started) / 1000;
  await page.waitForTimeout(1500); // thumbnails and overlays settle before the screenshot
  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });
  report.cspViolations = [...(await page.evaluate(() => window.__irisCsp || [])), ...cspFromConsole];
  report.title = await page.title();
  // the CSP as the page lives it: WebAssembly may be compiled (the codecs), eval may not
  report.csp = await page.evaluate(async () => {
    let wasm = false;
    let evalRefused = false;
    try {
      await WebAssembly.compile(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
      wasm = true;
    } catch (e) { /* refused */ }
    try {
      (0, eval)('1');
    } catch (e) {
      evalRefused = e instanceof EvalError;
    }
    return { wasm, evalRefused };
  });
} catch (error) {
  report.error = String(error).slice(0, 500);
  report.url = (await browser.contexts()[0]?.pages()[0]?.url()) || null;
  report.text = ((await browser.contexts()[0]?.pages()[0]?.innerText('body').catch(() => null)) || '').slice(0, 500);
  console.log(JSON.stringify(report));
  process.exitCode = 1;
} finally {
  await browser.close();
}
if (!process.exitCode) console.log(JSON.stringify(report));
process.exit(process.exitCode ?? 0); // stdin (the code's channel) would keep node alive
