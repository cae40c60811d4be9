// The browser tests' harness: Debian's chromium driven by playwright-core (never a browser
// downloaded by Playwright), a fresh French context per script, a screenshot and an axe-core check
// of every page, the sign-in through identity's pages (the one-time code read from stdin: the Java
// side reads the e-mail over IMAP), and the report printed as the last line.
//
// Scripts print {"step": ...} lines when they need the Java side (the code, a process stopped...)
// and read its answer as one line on stdin.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';

const require = createRequire(import.meta.url);
let axeSource;

export const ORIGIN = process.env.IRIS_ORIGIN ?? 'http://localhost:8080';
export const PASSWORD = 'Iris-demo-2025';

/** Where screenshots and downloads go: e2e-tests/target/{screenshots,downloads}. */
export const OUT = process.env.IRIS_E2E_OUT ?? path.resolve('..');

const lines = readline.createInterface({ input: process.stdin });
const waiting = [];
const buffered = [];
lines.on('line', (line) => (waiting.length ? waiting.shift()(line) : buffered.push(line)));

/** Tells the Java side what is needed; resolves with its one-line answer. */
export function ask(step, details = {}) {
  console.log(JSON.stringify({ step, ...details }));
  return buffered.length ? Promise.resolve(buffered.shift()) : new Promise((resolve) => waiting.push(resolve));
}

function browserPath() {
  for (const candidate of [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && existsSync(candidate)) {
      return candidate;
    }
  }
  throw new Error('no chromium: install the Debian package chromium (scripts/bootstrap.sh does)');
}

export function launch() {
  return chromium.launch({
    executablePath: browserPath(),
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--lang=fr-FR',
      // WebGL without a GPU (OHIF's cornerstone draws with it)
      '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
}

/**
 * A fresh context (no cookies, no storage) as a French practitioner's browser, recording every
 * request it makes (report.requests) and every page error.
 */
export async function newContext(browser, report) {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 },
    acceptDownloads: true, timezoneId: 'Europe/Paris' });
  report.requests ??= [];
  report.pageErrors ??= [];
  context.on('request', (request) => report.requests.push(request.url()));
  context.on('page', (page) => watch(page, report));
  return context;
}

function watch(page, report) {
  page.on('pageerror', (e) => report.pageErrors.push(`${page.url()}: ${e.message}`));
}

/** The page is checked: a screenshot in target/screenshots/NAME.png, and axe-core's serious/critical violations. */
export async function check(page, name, report) {
  const dir = path.join(OUT, 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
  report.pages ??= {};
  report.pages[name] = { url: page.url(), violations: await axe(page) };
  return report.pages[name];
}

/** axe-core 4 in the page (WCAG 2.1 A/AA rules and best practices): violations of impact serious or critical. */
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    // evaluated through the DevTools protocol: the pages' CSP (no inline script) refuses a <script> tag,
    // and must stay on (bypassCSP would hide the portal's own CSP faults)
    axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    await page.evaluate(axeSource);
  }
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

/**
 * Signs in through identity's pages from where the page is (it must be on the sign-in form):
 * username and password, then the one-time code, asked of the Java side. Checks both pages.
 */
export async function signIn(page, username, report, { checkPages = true, prefix = '' } = {}) {
  await page.waitForSelector('input[name=username]');
  if (checkPages) await check(page, `${prefix}sign-in`, report);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  await page.waitForSelector('input[name=code]');
  if (checkPages) await check(page, `${prefix}one-time-code`, report);
  const code = (await ask('otp', { user: username })).trim();
  await page.fill('input[name=code]', code);
  await page.click('button[type=submit]');
}

/** Waits until the portal's screen ID has rendered (the shell sets body[data-ready]). */
export async function ready(page, id, timeout = 30_000) {
  await page.waitForFunction((want) => document.body?.dataset.ready === want, id, { timeout });
}

/** Runs {@code action}, which changes the route, and waits until the new screen ID has rendered. */
export async function navigateBy(page, id, action) {
  await page.evaluate(() => delete document.body.dataset.ready);
  await action();
  await ready(page, id);
}

/**
 * Visits each screen of the menu (and the extra routes), checking each one that this portal has
 * (screenshot SCREEN-ID, or PREFIX + SCREEN-ID, and axe). Returns the screens visited.
 */
export async function visitScreens(page, report, { extra = [], prefix = '' } = {}) {
  const routes = await page.locator('header nav a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  const visited = [];
  for (const route of [...new Set([...routes, ...extra])]) {
    await page.evaluate((hash) => { delete document.body.dataset.ready; window.location.hash = hash; }, route);
    await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 30_000 });
    const id = await page.evaluate(() => document.body.dataset.ready);
    if (id !== 'none' && !visited.some((v) => v.id === id)) {
      await page.waitForTimeout(300); // what a screen fills in after its first render (counts, pictures)
      await check(page, `${prefix}screen-${id}`, report);
      visited.push({ route, id, heading: await page.locator('main h1').first().textContent().catch(() => null) });
    }
  }
  return visited;
}

/** Requests that left the origin (http, https, ws): a portal must not pull anything from elsewhere. */
export function foreign(requests) {
  return [...new Set(requests.filter((url) => /^(https?|wss?):/.test(url) && new URL(url).origin !== ORIGIN))];
}

/** The last line of a script: its report, with the requests summarised. */
export function finish(report) {
  report.requestCount = report.requests?.length ?? 0;
  report.foreignRequests = foreign(report.requests ?? []);
  delete report.requests;
  console.log(JSON.stringify(report));
  lines.close();
}

export function downloadsDir() {
  const dir = path.join(OUT, 'downloads');
  mkdirSync(dir, { recursive: true });
  return dir;
}
