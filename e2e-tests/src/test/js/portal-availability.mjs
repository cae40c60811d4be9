// A study not yet available, in Debian's chromium: the prescriber opens the page of a study whose
// renditions are not made yet (the Java side has stopped the transcode worker); the page says so
// and, once the worker runs again, turns to the available study by itself (no reload, no click).
//
// Usage: node portal-availability.mjs STUDY_UID
// Asks {"step":"otp"} for the code and {"step":"nearline"} when the notice is shown (the Java side
// then lets the worker go on); the last line is the JSON report.
import { ORIGIN, launch, newContext, check, signIn, ready, ask, finish } from './browser.mjs';

const [study] = process.argv.slice(2);
const report = {};
const browser = await launch();
try {
  const context = await newContext(browser, report);
  const page = await context.newPage();
  await page.goto(`${ORIGIN}/portal/#/studies/${encodeURIComponent(study)}`);
  await signIn(page, 'prescriber', report, { checkPages: false });
  await ready(page, 'study');
  const notice = page.locator('[data-availability]');
  report.nearline = { url: page.url(), shown: await notice.count() > 0,
    state: await notice.first().getAttribute('data-availability').catch(() => null),
    text: await notice.first().textContent().catch(() => null),
    series: await page.locator('ul.series > li').count() };
  await check(page, 'study-nearline', report);
  // now the renditions may be made
  await ask('nearline');
  const began = Date.now();
  const navigations = [];
  page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations.push(frame.url()));
  await page.locator('ul.series > li').first().waitFor({ timeout: 120_000 });
  await ready(page, 'study');
  report.online = { afterMs: Date.now() - began, notice: await notice.count(),
    series: await page.locator('ul.series > li').count(), reloads: navigations.length };
  await check(page, 'study-online', report);
} finally {
  await browser.close();
}
finish(report);
