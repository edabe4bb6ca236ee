// Walks the auditor's page in headless Debian chromium and prints what it shows as JSON (AuditPageBrowserTest).
// Environment: BASE_URL, MEETING_ID, OUTSIDER_TOKEN (a token that may not read the meeting), SCREENSHOT (a .png path),
// CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';

const { BASE_URL, MEETING_ID, OUTSIDER_TOKEN, SCREENSHOT } = process.env;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'], // playwright gives it a fresh, empty profile of its own
});
const result = {};
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const scriptErrors = []; // uncaught errors of the page's script (refused fetches are expected, not these)
  page.on('pageerror', (error) => scriptErrors.push(String(error)));

  await page.goto(BASE_URL + '/audit', { waitUntil: 'load' });
  result.title = await page.title();

  // a caller who may not read the meeting gets the envelope's error, shown on the page
  await page.fill('#token', OUTSIDER_TOKEN);
  await page.fill('#meeting', MEETING_ID);
  await page.click('#pick button[type=submit]');
  await page.waitForSelector('#error:not([hidden])');
  result.outsiderError = await page.textContent('#error');

  // an auditor's development token, minted from the page
  await page.selectOption('#mint-role', 'auditor');
  await page.fill('#mint-sub', 'user_auditor_browser');
  await page.click('#mint-button');
  await page.waitForFunction(() => document.querySelector('#token').value.startsWith('eyJ'));
  await page.click('#pick button[type=submit]');
  await page.waitForSelector('#recordings .recording');
  await page.waitForFunction(() => !document.querySelector('#state-card').hidden
    && document.querySelector('#state dd') !== null);

  result.error = await page.$eval('#error', (e) => (e.hidden ? '' : e.textContent));
  result.rows = await page.$$eval('#event-rows tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  result.marks = await page.$$eval('#axis .mark', (marks) => marks.length);
  result.legend = await page.$$eval('#legend span', (spans) => spans.map((s) => s.textContent));
  result.recordings = await page.$$eval('#recordings .recording', (items) => items.map((item) => ({
    id: item.querySelector('.id').textContent,
    status: item.querySelector('.badge').textContent,
    steps: [...item.querySelectorAll('.step')].map((s) => s.firstChild.textContent),
  })));
  const state = async () => page.$$eval('#state dt', (dts) => Object.fromEntries(
    dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
  result.latestState = await state();

  // the first event's payload, and the state just after it
  await page.click('#axis .mark >> nth=0');
  await page.waitForFunction(() => document.querySelector('#detail-title').textContent.startsWith('#0'));
  await page.waitForFunction(() => document.querySelector('#state dd').textContent === 'scheduled');
  result.firstDetail = { title: await page.textContent('#detail-title'), payload: JSON.parse(await page.textContent('#detail-payload')) };
  result.stateAfterFirst = await state();

  // an instant picked on the axis, just before its right end: the state then
  const box = await page.locator('#axis').boundingBox();
  const before = await page.textContent('#state-at');
  await page.mouse.click(box.x + box.width * 0.97, box.y + 4);
  await page.waitForFunction((previous) => document.querySelector('#state-at').textContent !== previous, before);
  await page.waitForFunction(() => document.querySelector('#state dd').textContent !== 'scheduled');
  result.pickedAt = await page.textContent('#state-at');
  result.pickedState = await state();

  // back to the last event for the screenshot: its payload and the full history in view
  await page.click('#event-rows tr:last-child');
  await page.waitForTimeout(300);
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  result.scriptErrors = scriptErrors;
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(result));
