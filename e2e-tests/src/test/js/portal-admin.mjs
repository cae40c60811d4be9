// The demo site administrator in the portal, in Debian's chromium: sign-in, his My patients (he
// prescribed none of the demo studies), then Administration > Accounts, where he approves the
// pending registration named on the command line. Every page screenshotted and checked with axe.
//
// Usage: node portal-admin.mjs FAMILY_NAME  (of a PENDING account of his establishment)
// Asks {"step":"otp"} for the code; the last line is the JSON report.
import { ORIGIN, launch, newContext, check, signIn, navigateBy, finish, visitScreens } from './browser.mjs';

const [familyName] = process.argv.slice(2);
const report = {};
const browser = await launch();
try {
  const context = await newContext(browser, report);
  const page = await context.newPage();
  await page.goto(`${ORIGIN}/portal/`);
  await signIn(page, 'site-admin', report, { prefix: 'admin-' });
  await page.waitForFunction(() => document.body?.dataset.ready, null, { timeout: 30_000 });
  report.home = { url: page.url(), screen: await page.evaluate(() => document.body.dataset.ready) };
  report.menu = await page.locator('header nav a').allTextContents();
  if (report.home.screen !== 'patients') {
    await navigateBy(page, 'patients', () => page.evaluate(() => { window.location.hash = '#/patients'; }));
  }
  report.patients = await page.locator('table.patients tbody tr th a').allTextContents();
  report.patientsText = await page.locator('main').innerText();
  await check(page, 'admin-my-patients', report);

  // Administration > Accounts: the pending registration, approved with its row's button
  await page.evaluate(() => { delete document.body.dataset.ready; window.location.hash = '#/admin/accounts'; });
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 30_000 });
  report.accounts = { screen: await page.evaluate(() => document.body.dataset.ready) };
  report.accounts.served = report.accounts.screen !== 'none' && report.accounts.screen !== 'study';
  if (report.accounts.served) {
    const row = page.getByRole('row').filter({ hasText: familyName });
    await row.waitFor({ timeout: 20_000 });
    report.accounts.rowBefore = await row.innerText();
    await check(page, 'admin-accounts', report);
    await row.getByRole('button', { name: /Approuver/ }).click();
    // the row says so (or leaves the pending list)
    await page.waitForFunction((name) => {
      const rows = [...document.querySelectorAll('tr')].filter((r) => r.textContent.includes(name));
      return rows.length === 0 || rows.some((r) => /actif|approuvé/i.test(r.textContent) && !/Approuver/.test(r.textContent));
    }, familyName, { timeout: 20_000 }).catch(() => {});
    report.accounts.rowAfter = await row.count() ? await row.innerText() : null;
    report.accounts.announced = await page.locator('[aria-live], [role=status], [role=alert]').allInnerTexts();
    await check(page, 'admin-accounts-approved', report);
  }
  // every screen of his menu (administration included): screenshot and axe
  report.screens = await visitScreens(page, report, { prefix: 'admin-' });
} finally {
  await browser.close();
}
finish(report);
