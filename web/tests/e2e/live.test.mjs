// The dashboard kept live over the socket (graphql-transport-ws, trusted documents by id): a
// township's report shows on the county dashboard without a reload; with the socket refused
// the dashboard says so and polls over HTTP instead. Both read on a 360 px phone.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { ARTIFACTS, DOCUMENTS, callTrusted, documentIdOf, signIn, startBrowser, startServer, tokenOf } from './server.mjs';

let server;
let browser;
const figures = {};
const CELL = '[data-test=ranking] tr[data-code="450223102"] td:nth-child(5)';

/** 寨沙镇's reporter reports its 宣传活动 of March 2021, in a connection of its own. */
async function report(value) {
  const token = await tokenOf(server.url, 'zhaisha.reporter');
  const indicators = await callTrusted(server.url, token, operationId('Indicators'));
  const indicatorId = indicators.data.indicators.edges.find((e) => e.node.code === 'PUB_ACTIVITIES').node.id;
  const answer = await callTrusted(server.url, token, documentIdOf('reportBatch'), { reports: [{ indicatorId, period: '2021-03', value: String(value) }] });
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer();
  browser = await startBrowser();
  // A first figure, so that the county dashboard shows the indicator.
  await report(5);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  writeFileSync(`${ARTIFACTS}live-figures.json`, `${JSON.stringify(figures, null, 2)}\n`);
  assert.deepEqual(browser.outside, [], 'nothing is loaded from outside 127.0.0.1');
});

/** The id of the trusted document of the operation `name` (e.g. `Dashboard`). */
function operationId(name) {
  const ids = Object.keys(DOCUMENTS).filter((id) => new RegExp(`(^|\\} )(query|mutation|subscription) ${name}\\b`).test(DOCUMENTS[id]));
  assert.equal(ids.length, 1, `one document is the operation ${name}`);
  return ids[0];
}

/** 鹿寨县's dashboard for March 2021, 宣传活动 chosen. */
async function countyMarch(page) {
  await signIn(page, server.url, 'luzhai.admin');
  await page.waitForURL(/\/dashboard\//);
  await page.locator('[data-test=granularity]').waitFor();
  await page.selectOption('[data-test=granularity]', 'MONTH');
  await page.selectOption('[data-test=year]', '2021');
  await page.selectOption('[data-test=index]', '3');
  await page.waitForURL(/period=2021-03/);
  await page.locator('.tile[data-code=PUB_ACTIVITIES]').click();
  await page.locator(CELL).waitFor();
}

/** Whether an element lies within the viewport's width, and the page does not scroll sideways. */
async function fits(page, selector) {
  return page.evaluate((sel) => {
    const box = document.querySelector(sel).getBoundingClientRect();
    return { left: box.left, right: box.right, width: window.innerWidth, overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };
  }, selector);
}

test('a township reports and the county dashboard shows the figure within seconds, without a reload', async () => {
  const page = await browser.context.newPage();
  const sent = [];
  page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(JSON.parse(String(f.payload)))));
  const dashboardLoads = [];
  page.on('request', (r) => { if (r.url().includes(encodeURIComponent(operationId('Dashboard')))) dashboardLoads.push(r.url()); });
  await countyMarch(page);
  const state = page.locator('[data-test=live-state]');
  await page.locator('[data-test=live-state][data-state=live]').waitFor();
  assert.match(await state.innerText(), /实时更新/);

  // Over the socket too, only ids travel: the portal's subscription by its trusted id.
  const subs = sent.filter((m) => m.type === 'subscribe');
  assert.ok(subs.length >= 1, 'the dashboard subscribed');
  for (const m of subs) {
    assert.equal(m.payload.query, '', 'no document text on the socket');
    assert.equal(m.payload.documentId, operationId('LiveDashboard'));
  }
  assert.match(JSON.stringify(sent.find((m) => m.type === 'connection_init')?.payload), /^\{"Authorization":"Bearer .+"\}$/);

  const before = Number.parseFloat((await page.innerText(CELL)).replace(/,/g, '')) || 0;
  const value = before + 7;
  await page.evaluate(() => { window.sameDocument = true; });
  const loadsBefore = dashboardLoads.length;

  const started = Date.now();
  await report(value);
  await page.waitForFunction(
    ([sel, v]) => new RegExp(`^${v}(\\s|$)`).test(document.querySelector(sel)?.textContent?.trim().replace(/,/g, '') ?? ''),
    [CELL, String(value)],
    { timeout: 5_000 },
  );
  figures.reportToScreenMs = Date.now() - started;
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'the page was not reloaded');
  assert.equal(dashboardLoads.length, loadsBefore, 'the new figure came over the socket, not by polling');
  assert.ok(figures.reportToScreenMs < 5_000, `on screen ${figures.reportToScreenMs} ms after the report`);

  // On a 360 px phone the state reads in full, inside the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForTimeout(300);
  assert.ok(await state.isVisible(), 'the live state shows on a phone');
  const box = await fits(page, '[data-test=live-state]');
  assert.ok(box.left >= 0 && box.right <= box.width, `the live state fits 360 px (${JSON.stringify(box)})`);
  figures.dashboardOverflowAt360 = box.overflow;
  await page.screenshot({ path: `${ARTIFACTS}dashboard-live-360.png`, fullPage: true });
  await page.close();
});

test('with the socket refused (1013), the dashboard says so in Chinese and polls over HTTP', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  let refused = 0;
  let refuse = true;
  await page.routeWebSocket(/\/graphql/, (ws) => {
    if (!refuse) return ws.connectToServer();
    refused += 1;
    return ws.close({ code: 1013, reason: 'Try again later' });
  });
  const dashboardLoads = [];
  page.on('request', (r) => { if (r.url().includes(encodeURIComponent(operationId('Dashboard')))) dashboardLoads.push(r.url()); });
  await countyMarch(page);
  // The figures come over HTTP meanwhile.
  assert.match((await page.innerText(CELL)).trim(), /^\d/);
  assert.ok(dashboardLoads.length >= 1, 'the dashboard loaded over HTTP');
  const down = page.locator('[data-test=live-state][data-state=down]');
  await down.waitFor();
  assert.equal((await down.innerText()).trim(), '连接中断，每 60 秒刷新');
  assert.ok(refused >= 1, 'the client tried the socket');
  const box = await fits(page, '[data-test=live-state]');
  assert.ok(box.left >= 0 && box.right <= box.width, `the fallback state fits 360 px (${JSON.stringify(box)})`);
  await page.screenshot({ path: `${ARTIFACTS}dashboard-fallback-360.png`, fullPage: true });

  // The socket is back: the next retry (at once when the browser is online again) finds it and
  // the dashboard is live again.
  refuse = false;
  const back = Date.now();
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.locator('[data-test=live-state][data-state=live]').waitFor({ timeout: 5_000 });
  figures.backLiveMs = Date.now() - back;
  figures.refusedSockets = refused;
  await page.close();
});
