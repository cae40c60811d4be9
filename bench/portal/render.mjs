// The portal's first render per page, in Debian's chromium through playwright-core: signs in once
// as a demo account (password, then the one-time code read over IMAP by otp.py), then, N times per
// page, a fresh navigation to /portal/#/ROUTE in the same tab (tokens already there) and the time
// from the navigation's start to the screen's mark iris:ready:ID (the shell sets it, and
// body[data-ready], once the screen has rendered with its data). Prints one JSON line per page.
//
// Usage: node render.mjs ORIGIN USERNAME PASSWORD RUNS ROUTE...   (ROUTE like /patients, /studies/UID)
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

const [origin, username, password, runsText, ...routes] = process.argv.slice(2);
const runs = Number(runsText);
const otp = path.join(path.dirname(new URL(import.meta.url).pathname), 'otp.py');
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const mail = `${username}@demo.iris.invalid`;
const executablePath = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));

const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] });
try {
  const page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  const seen = execFileSync(python, [otp, mail]).toString().trim();
  await page.goto(`${origin}/portal/`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  await page.fill('input[name=code]', execFileSync(python, [otp, mail, seen]).toString().trim());
  await page.click('button[type=submit]');
  await page.waitForFunction(() => document.body?.dataset.ready, null, { timeout: 30_000 });

  for (const route of routes) {
    const times = [];
    let screen = null;
    for (let i = 0; i <= runs; i++) {
      await page.goto('about:blank');
      await page.goto(`${origin}/portal/#${route}`);
      await page.waitForFunction(() => document.body?.dataset.ready, null, { timeout: 30_000 });
      screen = await page.evaluate(() => document.body.dataset.ready);
      const ms = await page.evaluate((id) => performance.getEntriesByName(`iris:ready:${id}`)[0]?.startTime, screen);
      if (i > 0) times.push(ms); // the first is a warm-up (the browser's cache and the services' JIT)
    }
    console.log(JSON.stringify({ route, screen, times }));
  }
} finally {
  await browser.close();
}
