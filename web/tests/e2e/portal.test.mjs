// The portal in a real browser against the real server with the demo data: a leader's city
// dashboard, a county admin's decomposition table, a township reporter's phone offline and back.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { ARTIFACTS, documentIdOf, signIn, startBrowser, startServer } from './server.mjs';

let server;
let browser;
const figures = {};

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer();
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  writeFileSync(`${ARTIFACTS}figures.json`, `${JSON.stringify(figures, null, 2)}\n`);
  assert.deepEqual(browser.outside, [], 'nothing is loaded from outside 127.0.0.1');
});

/** Bytes on the wire (encoded, so gzip counts) of what a page loads, through the DevTools protocol. */
async function meter(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const m = { bytes: 0, requests: 0, cached: 0 };
  cdp.on('Network.loadingFinished', (e) => { m.bytes += e.encodedDataLength; m.requests += 1; });
  cdp.on('Network.requestServedFromCache', () => { m.cached += 1; });
  return m;
}

test('the sign-in page is in Chinese first', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/login`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${server.url}/`);
  await page.locator('button[type=submit]').waitFor();
  assert.match(await page.innerText('body'), /登录石榴平台/);
  await page.screenshot({ path: `${ARTIFACTS}signin.png`, fullPage: true });
  await page.close();
});

test('the leader of 柳州市 sees the city dashboard: 47,371 万元, and 80.64% for 融水/三江/融安', async () => {
  const page = await browser.context.newPage();
  const first = await meter(page);
  const api = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/graphql') api.push(r); });
  const started = Date.now();
  await signIn(page, server.url, 'liuzhou.leader');
  // The dashboard opens on the campaign year holding today's China date.
  await page.waitForURL(/period=\d{4}$/);
  await page.locator('[data-test=ranking] tr[data-code="450224"]').waitFor();
  figures.firstLoadMs = Date.now() - started;
  figures.firstLoad = { ...first };
  // The server runs trusted documents only: the portal sends ids, never a document's text, and
  // its queries go as GET.
  assert.ok(api.length > 0, 'the portal called the API');
  for (const r of api) {
    assert.ok(!(r.postData() ?? '').includes('"query"') && !r.url().includes('query='), `${r.method()} ${r.url()} sends a document id`);
  }
  assert.ok(api.some((r) => r.method() === 'GET'), 'queries go as GET');
  const chinaYear = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4);
  assert.equal(await page.inputValue('[data-test=year]'), chinaYear);
  // The seed article's figures are 2019's.
  await page.selectOption('[data-test=year]', '2019');
  const tile = page.locator('.tile[data-code=FUND_POVERTY]');
  await tile.waitFor();
  assert.match(await tile.innerText(), /47,371 万元/);
  await tile.click();
  await page.waitForFunction(() => document.querySelector('[data-test=ranking] tr[data-code="450225"]')?.textContent?.includes('15,000'));
  for (const code of ['450224', '450225', '450226']) await page.check(`[data-test=ranking] tr[data-code="${code}"] input[type=checkbox]`);
  assert.equal(await page.innerText('[data-test=picked-share]'), '80.64%');
  assert.match(await page.innerText('[data-test=picked-total]'), /38,200 万元/);
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${ARTIFACTS}dashboard-city.png`, fullPage: true });

  // The print layout (A4 landscape): the title shows, the buttons and pickers do not.
  await page.setViewportSize({ width: 1123, height: 794 });
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.locator('.print-title').isVisible(), 'the print title shows in print');
  assert.equal(await page.locator('[data-test=big-screen]').isVisible(), false, 'no buttons in print');
  const clipped = await page.evaluate(() => {
    const t = document.querySelector('[data-test=ranking]');
    const box = t.closest('.panel') ?? t.parentElement;
    return t.getBoundingClientRect().right - box.getBoundingClientRect().right;
  });
  assert.ok(clipped <= 0, `the ranking fits its panel on paper (${clipped} px over)`);
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${ARTIFACTS}dashboard-print.png`, fullPage: true });
  await page.emulateMedia({ media: null });

  // A refresh: hashed files come from the cache; only the page and the API answers travel.
  const refresh = await meter(page);
  const again = Date.now();
  await page.reload();
  await page.locator('.tile[data-code=FUND_POVERTY]').waitFor();
  await page.locator('[data-test=ranking] tr[data-code="450224"]').waitFor();
  figures.refreshMs = Date.now() - again;
  figures.refresh = { ...refresh };
  assert.ok(figures.firstLoadMs < 2000, `first load took ${figures.firstLoadMs} ms`);

  // Drill down into 三江 by clicking it in the ranking.
  await page.click('[data-test=ranking] tr[data-code="450226"] a');
  await page.waitForFunction(() => document.querySelector('[data-test=tenant-name]')?.textContent?.includes('三江'));
  await page.locator('.tile[data-code=FUND_POVERTY]').waitFor();
  await page.screenshot({ path: `${ARTIFACTS}dashboard-sanjiang.png`, fullPage: true });
  await page.click('[data-test=big-screen]');
  await page.waitForURL(/\/screen\//);
  await page.locator('.tile').first().waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${ARTIFACTS}big-screen.png` });
  await page.close();
});

test('鹿寨县 admin changes a quota in the decomposition table and sees the gap before saving', async () => {
  const page = await browser.context.newPage();
  await signIn(page, server.url, 'luzhai.admin');
  await page.waitForURL(/\/dashboard\//);
  await page.click('[data-nav=decomposition]');
  const own = page.locator('[data-test=own-target]').first();
  await own.waitFor();
  assert.match(await page.locator('tr[data-code="450223102"] [data-test=child-figures]').first().innerText(), /本级目标 .* · 完成 .* · /);
  await own.fill('100');
  const gap = page.locator('[data-test=gap]').first();
  assert.equal((await gap.innerText()).trim(), '100');
  await page.locator('tr[data-code="450223102"] input.quota').first().fill('30');
  assert.equal((await gap.innerText()).trim(), '70');
  await page.locator('tr[data-code="450223102"] input.quota').first().fill('130');
  assert.match(await gap.innerText(), /-30/);
  await page.locator('tr[data-code="450223102"] input.quota').first().fill('40');
  await page.click('[data-test=save-quotas]');
  await page.getByRole('status').waitFor();
  assert.equal((await page.locator('[data-test=gap]').first().innerText()).trim(), '60');
  await page.screenshot({ path: `${ARTIFACTS}decomposition.png`, fullPage: true });
  await page.close();
});

test('鹿寨县 admin changes quotas in two columns, saves both in one request, and exports the table', async () => {
  const page = await browser.context.newPage();
  const saves = [];
  page.on('request', (r) => { if (r.method() === 'POST' && (r.postData() ?? '').includes(documentIdOf('saveDecomposition'))) saves.push(r); });
  await signIn(page, server.url, 'luzhai.admin');
  await page.waitForURL(/\/dashboard\//);
  await page.click('[data-nav=decomposition]');
  await page.locator('[data-test=own-target]').first().waitFor();
  const quotas = page.locator('tr[data-code="450223100"] input.quota');
  await quotas.nth(0).fill('12');
  await quotas.nth(1).fill('345');
  await page.click('[data-test=save-quotas]');
  await page.getByRole('status').waitFor();
  assert.equal(saves.length, 1, 'one request for both columns');
  // Read back from the server: a fresh page shows both.
  await page.reload();
  await page.locator('tr[data-code="450223100"] input.quota').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('tr[data-code="450223100"] input.quota')[1]?.value === '345');
  assert.equal(await quotas.nth(0).inputValue(), '12');
  assert.equal(await quotas.nth(1).inputValue(), '345');
  assert.equal((await page.locator('[data-test=handed-down]').nth(1).innerText()).trim(), '345');

  // A refused line in the second column: nothing is written, the message sits on its cell.
  await quotas.nth(0).fill('13');
  await page.locator('tr[data-code="450223101"] input.quota').nth(1).fill('-5');
  await page.click('[data-test=save-quotas]');
  const refused = page.locator('tr[data-code="450223101"] td').nth(1).locator('[data-test=cell-error]');
  await refused.waitFor();
  assert.equal(await page.locator('tr[data-code="450223100"] td').nth(0).locator('[data-test=cell-error]').count(), 0);
  await page.click('button:has-text("撤销修改")');

  // 导出 Excel: fetched with the token, saved as a file with the Chinese name.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export-xlsx]')]);
  assert.match(download.suggestedFilename(), /^任务分解表-鹿寨县-\d{4}\.xlsx$/);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(path);
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an .xlsx (zip) file');
  figures.decompositionXlsxBytes = bytes.length;
  await page.close();
});

test('寨沙镇 reporter on a 390×844 phone enters figures offline; online again they reach the county roll-up once', async (t) => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  const batches = [];
  page.on('request', (r) => { if (r.method() === 'POST' && (r.postData() ?? '').includes(documentIdOf('reportBatch'))) batches.push(r); });
  await signIn(page, server.url, 'zhaisha.reporter');
  await page.waitForURL(/\/report/);
  await page.selectOption('[data-test=year]', '2021');
  await page.selectOption('[data-test=index]', '3');
  const cell = page.locator('.cell[data-code=PUB_ACTIVITIES]');
  await cell.waitFor();
  await page.waitForFunction(() => document.querySelector('.cell[data-code=PUB_ACTIVITIES]')?.getAttribute('data-state') !== 'locked');

  await browser.context.setOffline(true);
  t.after(() => browser.context.setOffline(false));
  await page.locator('[data-test=network]').filter({ hasText: '离线' }).waitFor();
  await cell.locator('input').fill('17');
  await page.locator('.cell[data-code=PUB_LEAFLETS] input').fill('1200');
  await page.click('[data-test=save]');
  await page.waitForFunction(() => document.querySelector('.cell[data-code=PUB_ACTIVITIES]')?.getAttribute('data-state') === 'local');
  assert.match(await cell.innerText(), /已存本机/);
  await page.screenshot({ path: `${ARTIFACTS}reporting-offline-390.png`, fullPage: true });

  await browser.context.setOffline(false);
  await page.waitForFunction(() => document.querySelector('.cell[data-code=PUB_ACTIVITIES]')?.getAttribute('data-state') === 'saved', null, { timeout: 40_000 });
  await page.screenshot({ path: `${ARTIFACTS}reporting-online-390.png`, fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at 360 px (${overflow} px)`);
  await page.screenshot({ path: `${ARTIFACTS}reporting-360.png`, fullPage: true });
  const delivered = [];
  for (const r of batches) if (r.failure() === null && (await r.response())?.ok()) delivered.push(r.url());
  assert.equal(delivered.length, 1, `the batch reached the server once (${batches.length} tries)`);

  await page.close();

  // The county's admin reads the township's new figure on the county dashboard.
  const county = await browser.context.newPage();
  await signIn(county, server.url, 'luzhai.admin');
  await county.waitForURL(/\/dashboard\//);
  await county.locator('[data-test=granularity]').waitFor();
  await county.selectOption('[data-test=granularity]', 'MONTH');
  await county.selectOption('[data-test=year]', '2021');
  await county.selectOption('[data-test=index]', '3');
  await county.waitForURL(/period=2021-03/);
  await county.locator('.tile[data-code=PUB_ACTIVITIES]').click();
  const actual = county.locator('[data-test=ranking] tr[data-code="450223102"] td:nth-child(5)');
  await county.waitForFunction(
    () => /^17(\s|$)/.test(document.querySelector('[data-test=ranking] tr[data-code="450223102"] td:nth-child(5)')?.textContent?.trim() ?? ''),
  );
  assert.match((await actual.innerText()).trim(), /^17(\s|$)/);
  await county.screenshot({ path: `${ARTIFACTS}dashboard-county-after-report.png`, fullPage: true });
  await county.close();
});

test('GraphiQL is served by the binary, and its sign-in fills the Authorization header', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/graphiql`);
  await page.fill('.signin input[autocomplete=username]', 'liuzhou.admin');
  await page.fill('.signin input[type=password]', 'shiliu-demo-2026');
  await page.click('.signin button[type=submit]');
  await page.getByText('已登录').waitFor();
  await page.waitForFunction(() => document.body.innerText.includes('Bearer'));
  await page.screenshot({ path: `${ARTIFACTS}graphiql.png` });
  await page.close();
});
