// The demo prescriber's day in the portal, in Debian's chromium: sign-in (password, e-mailed code),
// My patients with its filters, the keyboard path to a study, the study page (summary, series,
// reports), the series as JPEG (ZIP), the DICOM download (export), the study in OHIF (when the
// gateway serves /viewer/), a study of another practitioner typed in the address, and the idle
// sign-out. Every page is screenshotted and checked with axe-core.
//
// The idle sign-out runs on Playwright's clock (installed before any page, time flows normally
// until the test jumps): the shipped settings (15 minutes, warning at 2) are tested as they are,
// in seconds, without a short setting that every other browser flow would have to dodge.
//
// Usage: node portal-prescriber.mjs OTHER_STUDY_UID  (a study she may not see: DEMO-2)
// Asks {"step":"otp"} for the code; the last line is the JSON report. Downloads go to
// target/downloads (series-jpeg.zip, export.zip) for the Java side to open.
import * as path from 'node:path';
import { ORIGIN, launch, newContext, check, signIn, ready, navigateBy, finish, downloadsDir, visitScreens } from './browser.mjs';

const [otherStudy] = process.argv.slice(2);
const report = { headers: {} };
const browser = await launch();
try {
  const context = await newContext(browser, report);
  await context.clock.install();
  const page = await context.newPage();
  page.on('response', (response) => {
    if (response.request().resourceType() === 'document' && new URL(response.url()).pathname === '/portal/') {
      report.headers = response.headers();
    }
  });

  // --- sign-in: the public origin sends the browser to /portal/, which sends it to the provider
  await page.goto(`${ORIGIN}/`);
  await signIn(page, 'prescriber', report);
  await ready(page, 'patients');
  report.afterSignIn = page.url();
  await check(page, 'my-patients', report);
  report.timer = await page.getByTestId('session-timer').textContent();
  report.config = await page.evaluate(() => fetch('/portal/config.json').then((r) => r.json()));

  const rows = () => page.locator('table.patients tbody tr th a').allTextContents();
  report.patients = await rows();

  // --- filters, through the form as a person uses it
  report.filters = {};
  const filter = async (name, fill) => {
    if (new URL(page.url()).hash !== '#/patients') {
      await navigateBy(page, 'patients', () => page.getByRole('button', { name: 'Effacer les filtres' }).click());
    }
    await fill();
    await navigateBy(page, 'patients', () => page.getByRole('button', { name: 'Filtrer' }).click());
    report.filters[name] = { hash: new URL(page.url()).hash, patients: await rows(),
      status: await page.locator('.results [role=status]').textContent() };
  };
  await filter('name', () => page.getByLabel('Nom du patient').fill('alice'));
  await filter('nameUnknown', () => page.getByLabel('Nom du patient').fill('zzzz-nobody'));
  await filter('modalityCT', () => page.getByRole('checkbox', { name: 'CT', exact: true }).check());
  await filter('modalityMR', () => page.getByRole('checkbox', { name: 'MR', exact: true }).check());
  const day = (daysAgo) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  await filter('datesAround', async () => {
    await page.getByLabel('Période').selectOption('range');
    await page.getByLabel('Du', { exact: true }).fill(day(6));
    await page.getByLabel('Au', { exact: true }).fill(day(0));
  });
  await check(page, 'my-patients-filtered', report);
  await filter('datesBefore', async () => {
    await page.getByLabel('Période').selectOption('range');
    await page.getByLabel('Du', { exact: true }).fill(day(400));
    await page.getByLabel('Au', { exact: true }).fill(day(20));
  });
  await filter('lastMonth', () => page.getByLabel('Période').selectOption('1'));
  await filter('birthDate', () => page.getByLabel('Date de naissance').fill('1958-04-12'));

  // --- the keyboard: skip link, menu, filter form, a patient, Enter opens the study
  await page.goto(`${ORIGIN}/portal/#/patients`);
  await page.reload();
  await ready(page, 'patients');
  const focused = () => page.evaluate(() => {
    const e = document.activeElement;
    return { tag: e.tagName.toLowerCase(), id: e.id, text: (e.textContent ?? '').trim().slice(0, 60),
      href: e.getAttribute('href'), inTable: !!e.closest('table.patients tbody'), inNav: !!e.closest('header nav') };
  });
  const keyboard = { steps: [] };
  await page.keyboard.press('Tab');
  keyboard.first = await focused();
  await page.keyboard.press('Enter');
  keyboard.afterSkip = { ...(await focused()), hash: new URL(page.url()).hash,
    ready: await page.evaluate(() => document.body.dataset.ready) };
  await page.goto(`${ORIGIN}/portal/#/patients`);
  await page.reload();
  await ready(page, 'patients');
  const tabUntil = async (predicate, max) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const now = await focused();
      keyboard.steps.push(now);
      if (predicate(now)) return now;
    }
    return null;
  };
  keyboard.menu = await tabUntil((f) => f.inNav, 5);
  keyboard.search = await tabUntil((f) => f.id === 'f-q', 20);
  await page.keyboard.type('alice');
  await navigateBy(page, 'patients', () => page.keyboard.press('Enter'));
  keyboard.filtered = await rows();
  keyboard.patientLink = await tabUntil((f) => f.inTable && f.tag === 'a', 60);
  await navigateBy(page, 'study', () => page.keyboard.press('Enter'));
  keyboard.opened = new URL(page.url()).hash;
  report.keyboard = keyboard;

  // --- the study page
  const studyUrl = page.url();
  await page.waitForSelector('.thumbnail img', { timeout: 20_000 }).catch(() => {});
  await page.locator('figure.pdf iframe').waitFor({ timeout: 20_000 }).catch(() => {});
  await check(page, 'study', report);
  report.study = {
    hash: new URL(studyUrl).hash,
    heading: await page.locator('h1').textContent(),
    summary: await page.locator('dl.summary').innerText(),
    series: await page.locator('ul.series > li').count(),
    thumbnails: await page.locator('.thumbnail img').evaluateAll((imgs) => imgs.filter((i) => i.complete && i.naturalWidth > 0).length),
    sr: await page.locator('article.sr').allInnerTexts(),
    pdfFrames: await page.locator('figure.pdf iframe').evaluateAll((frames) => frames.map((f) => f.src.slice(0, 5))),
  };

  // --- the series as JPEG (ZIP): the browser's download
  const [jpegZip] = await Promise.all([page.waitForEvent('download'),
    page.locator('button[data-series]').first().click()]);
  report.jpegZip = { name: jpegZip.suggestedFilename(), path: path.join(downloadsDir(), 'series-jpeg.zip') };
  await jpegZip.saveAs(report.jpegZip.path);

  // --- the DICOM download: requested, prepared (progress), downloaded
  const [created] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/exports' && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Demander le téléchargement DICOM' }).click()]);
  report.export = { id: (await created.json()).id };
  const download = page.getByRole('button', { name: 'Télécharger le paquet DICOM' });
  await download.waitFor({ timeout: 120_000 });
  report.export.state = await page.locator('.export-state p').first().textContent();
  await check(page, 'study-export-ready', report);
  const [exported] = await Promise.all([page.waitForEvent('download'), download.click()]);
  report.export.path = path.join(downloadsDir(), 'export.zip');
  await exported.saveAs(report.export.path);

  // --- every other screen she has (menu, account, downloads, notifications): screenshot and axe
  report.screens = await visitScreens(page, report, { extra: ['#/downloads', '#/notifications', '#/account'] });
  await page.goto(studyUrl);
  await ready(page, 'study');

  // --- the study in OHIF, in a new tab, signed in by the provider's session (no password)
  const viewerStatus = (await fetch(`${ORIGIN}/viewer/`)).status;
  report.viewer = { served: viewerStatus === 200, status: viewerStatus };
  if (report.viewer.served) {
    const [viewer] = await Promise.all([context.waitForEvent('page'),
      page.getByRole('link', { name: 'Ouvrir dans la visionneuse' }).click()]);
    const visited = [];
    viewer.on('framenavigated', (frame) => frame === viewer.mainFrame() && visited.push(frame.url()));
    report.viewer.drawn = await drawn(viewer);
    report.viewer.url = viewer.url();
    report.viewer.visited = visited;
    report.viewer.askedPassword = visited.some((url) => new URL(url).pathname.startsWith('/sign-in'));
    await check(viewer, 'viewer', report);
    await viewer.close();
  }

  // --- a study of another practitioner, typed in the address bar: no such page for her
  await navigateBy(page, 'study', () => page.evaluate((uid) => { window.location.hash = `#/studies/${uid}`; }, otherStudy));
  report.otherStudy = { heading: await page.locator('h1').textContent(), text: await page.locator('main').innerText() };
  await check(page, 'not-found', report);

  // --- idle: the warning with "Rester connecté", which resets; then, untouched, the sign-out
  await navigateBy(page, 'patients', () => page.evaluate(() => { window.location.hash = '#/patients'; }));
  const { idleTimeoutSeconds: timeout, idleWarningSeconds: warning } = report.config;
  const idle = {};
  await page.clock.fastForward((timeout - warning + 5) * 1000);
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor({ timeout: 10_000 });
  idle.warning = await dialog.innerText();
  idle.focused = await page.evaluate(() => document.activeElement.textContent.trim());
  await check(page, 'idle-warning', report);
  await page.getByRole('button', { name: 'Rester connecté' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
  await page.waitForTimeout(1_200);
  idle.timerAfterStay = await page.getByTestId('session-timer').textContent();
  await page.clock.fastForward((timeout - warning - 10) * 1000);
  await page.waitForTimeout(1_200);
  idle.dialogOpenBeforeWarning = await dialog.isVisible();
  await page.clock.fastForward((warning + 20) * 1000);
  await page.waitForURL((url) => url.pathname === '/portal/' && url.search === '?signed-out=idle', { timeout: 30_000 });
  await ready(page, 'signed-out');
  idle.url = page.url();
  idle.message = await page.locator('main [role=status]').textContent();
  await check(page, 'signed-out', report);
  // the provider's session is over too: the portal's sign-in asks for the password again
  await page.goto(`${ORIGIN}/portal/#/patients`);
  await page.waitForSelector('input[name=username], body[data-ready]', { timeout: 30_000 });
  idle.afterSignOut = { url: page.url(), passwordAsked: await page.locator('input[name=password]').count() > 0 };
  report.idle = idle;
} finally {
  await browser.close();
}
finish(report);

/**
 * Waits (up to 90 s) for OHIF to draw the study: a canvas of its viewport whose pixels are not all
 * the same. Cornerstone renders with WebGL off-screen and copies into each viewport's 2D canvas.
 */
async function drawn(viewer) {
  const deadline = Date.now() + 90_000;
  let last = null;
  while (Date.now() < deadline) {
    last = await viewer.evaluate(() => {
      const results = [];
      for (const canvas of document.querySelectorAll('canvas')) {
        const context = canvas.width && canvas.height ? canvas.getContext('2d', { willReadFrequently: true }) : null;
        if (!context) continue;
        const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
        const values = new Set();
        for (let i = 0; i < data.length; i += 4 * 7) {
          values.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
          if (values.size >= 64) break;
        }
        results.push({ className: String(canvas.className), width: canvas.width, height: canvas.height,
          distinctColours: values.size });
      }
      return results;
    }).catch((e) => [{ error: e.message }]);
    if (last.some((c) => c.distinctColours >= 8)) { // a uniform canvas has 1
      return { canvases: last, nonUniform: true };
    }
    await viewer.waitForTimeout(1_000);
  }
  return { canvases: last, nonUniform: false };
}
