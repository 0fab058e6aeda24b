// 整改任务 in a real browser against the real server with the demo data, on a 360 px phone: the city
// inspects 寨沙镇 and opens a task; the township's reporter starts it, takes two photos (one over
// 4 MiB, so it goes up in pieces through /uploads), tries a file the server refuses, removes one,
// and submits; the city's reviewer sees the photos load, is told when the task moved under it
// (a stale version), and verifies it; 融水's reviewer, a sibling, can open neither the task nor
// its files.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { ARTIFACTS, DOCUMENTS, callTrusted, signIn, startBrowser, startServer, tokenOf } from './server.mjs';

let server;
let browser;
let task;
const REQUIREMENT = '民族团结宣传栏内容陈旧，限期更新并补齐活动台账';

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer();
  browser = await startBrowser();
  task = await openTaskForZhaisha();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  assert.deepEqual(browser.outside, [], 'nothing is loaded from outside 127.0.0.1');
});

/** Runs a text as 柳州市's ADMIN, who is also its REVIEWER (an ADMIN's texts run on a trusted-documents server). */
async function asCityAdmin(query, variables = {}) {
  const token = await tokenOf(server.url, 'liuzhou.admin');
  const answer = await (await fetch(`${server.url}/graphql`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  })).json();
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
  return answer.data;
}

const chinaDate = (days = 0) => new Date(Date.now() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);

/** The city's inspection of 寨沙镇 today, a finding, and a task for 寨沙镇 due in two weeks. */
async function openTaskForZhaisha() {
  const zhaisha = (await asCityAdmin('{ tenantByCode(code: "450223102") { id } }')).tenantByCode.id;
  const inspection = (await asCityAdmin('mutation($i: InspectionInput!) { createInspection(input: $i) { id } }', {
    i: { title: '柳州市督查寨沙镇民族团结进步创建工作', inspectedOn: chinaDate(), leaders: ['市创建办主任'], summary: '实地查看宣传阵地和台账', places: [{ tenantId: zhaisha, note: '民族团结宣传长廊' }] },
  })).createInspection;
  const finding = (await asCityAdmin('mutation($id: ID!, $d: String!) { addFinding(inspectionId: $id, description: $d) { id } }', { id: inspection.id, d: '宣传栏内容陈旧，台账不全' })).addFinding;
  return (await asCityAdmin(
    'mutation($f: ID!, $t: ID!, $r: String!, $d: NaiveDate!) { openRectificationTask(input: {findingId: $f, assigneeTenantId: $t, requirement: $r, deadline: $d}) { id version } }',
    { f: finding.id, t: zhaisha, r: REQUIREMENT, d: chinaDate(14) },
  )).openRectificationTask;
}

/** The id of the trusted document of the operation `name`. */
function operationId(name) {
  const ids = Object.keys(DOCUMENTS).filter((id) => new RegExp(`(^|\\} )(query|mutation) ${name}\\b`).test(DOCUMENTS[id]));
  assert.equal(ids.length, 1, `one document is the operation ${name}`);
  return ids[0];
}

// PNG files made here: a small one, and one of incompressible pixels stored without compression
// (level 0), so it is over 4 MiB and still a picture the browser can show.
const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(width, height, pixel, level) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) raw.set(pixel(x, y), y * (width * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level })), chunk('IEND', Buffer.alloc(0))]);
}
const SMALL = png(64, 48, (x, y) => [200, 40 + x * 2, 30 + y * 3], 9);
let seed = 7;
const noise = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
const BIG = png(1210, 1210, (x, y) => [noise(), (x + y) & 0xff, noise()], 0);
assert.ok(BIG.length > 4 * 1024 * 1024, `the large photo is over 4 MiB (${BIG.length} bytes)`);

async function phone() {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  return page;
}

const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Controls of the rectification screen smaller than 44 px (height or width). */
const smallTargets = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('.rectification button, .rectification a, .rectification select, .rectification .picker, .top nav a, .top .account-link, .top button')]
      .filter((el) => el.offsetParent !== null && !el.closest('.lightbox'))
      .map((el) => ({ el: `${el.tagName} ${el.textContent.trim().slice(0, 20)}`, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.height < 44 || box.width < 44)
      .map(({ el, box }) => `${el} ${Math.round(box.width)}×${Math.round(box.height)}`),
  );

async function checkPhoneLayout(page, name) {
  assert.ok((await overflow(page)) <= 0, `no sideways scrolling at 360 px on ${name} (${await overflow(page)} px)`);
  assert.deepEqual(await smallTargets(page), [], `tap targets of at least 44 px on ${name}`);
}

test('寨沙镇 reporter starts the task, takes photos (one sent in pieces), removes one and submits', async () => {
  const page = await phone();
  const sent = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if ((r.method() !== 'GET' || path.startsWith('/uploads')) && /^\/(files|uploads)/.test(path)) sent.push(`${r.method()} ${path.replace(/^\/(files|uploads)\/.+$/, '/$1/{id}')}`);
  });
  await signIn(page, server.url, 'zhaisha.reporter');
  await page.waitForURL(/\/report/);
  await page.click('[data-nav=rectification]');
  await page.waitForURL(/\/rectification$/);
  const row = page.locator(`[data-test=task-row][data-id="${task.id}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /待整改/);
  assert.match(await row.innerText(), new RegExp(chinaDate(14)));
  assert.match(await page.innerText('[data-test=my-tasks] h2'), /我的整改任务/);
  await checkPhoneLayout(page, 'the list');
  await page.screenshot({ path: `${ARTIFACTS}rectification-list-360.png`, fullPage: true });

  await row.locator('a').click();
  await page.waitForURL(new RegExp(`/rectification/${task.id}$`));
  assert.equal(await page.innerText('[data-test=requirement]'), REQUIREMENT);
  assert.match(await page.innerText('[data-test=timeline]'), /下达整改/);
  await checkPhoneLayout(page, 'the open task');
  await page.click('[data-test=start-rectification]');
  await page.locator('[data-test=answer-form]').waitFor();
  assert.equal(await page.innerText('[data-test=task-status]'), '整改中');
  assert.equal(await page.getAttribute('[data-test=take-photo]', 'capture'), 'environment');

  // Two photos from the camera: the small one in one POST /files, the large one in pieces. The
  // link drops under the first piece: the uploader waits, asks where the upload stands, and
  // sends from there.
  let dropped = 0;
  await page.route(/\/uploads\/[^/]+$/, (route) => {
    if (route.request().method() === 'PATCH' && dropped === 0) {
      dropped += 1;
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  await page.setInputFiles('[data-test=take-photo]', [
    { name: '宣传栏-整改后.png', mimeType: 'image/png', buffer: SMALL },
    { name: '宣传长廊全景.png', mimeType: 'image/png', buffer: BIG },
  ]);
  // A file the server refuses by its content: its message, in Chinese, on the file.
  await page.setInputFiles('[data-test=choose-files]', [{ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('不是图片') }]);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-test=upload]')].map((e) => e.dataset.state).join() === 'done,done,failed', null, { timeout: 60_000 });
  const refused = page.locator('[data-test=upload][data-state=failed]');
  assert.match(await refused.innerText(), /上传失败：.*[\u4e00-\u9fff]/);
  assert.equal(await refused.locator('[data-test=retry-upload]').count(), 1, 'a failed file offers 重试');
  assert.match(await page.locator('[data-test=upload]').nth(1).innerText(), /已上传/);
  assert.equal(await page.locator('[data-test=upload] img').count(), 2, 'photos show as thumbnails');
  // Submitting with a failed file asks to retry or remove it first.
  await page.fill('[data-test=evidence-text]', '已更新宣传栏内容，补齐2026年活动台账并拍照留存。');
  await page.click('[data-test=submit-rectification]');
  assert.match(await page.innerText('[data-test=answer-problem]'), /上传失败/);
  await checkPhoneLayout(page, 'the answer form');
  await page.screenshot({ path: `${ARTIFACTS}rectification-answer-360.png`, fullPage: true });
  await refused.locator('[data-test=remove-upload]').click();
  assert.equal(await page.locator('[data-test=upload]').count(), 2);
  await page.fill('[data-test=text-references]', '台账编号 ZS-2026-017');

  assert.equal(dropped, 1);
  assert.deepEqual(sent.filter((s) => s.includes('/uploads')), ['POST /uploads', 'PATCH /uploads/{id}', 'GET /uploads/{id}', 'PATCH /uploads/{id}', 'PATCH /uploads/{id}'],
    `the large photo went in two pieces, the dropped one again after asking for the offset (${sent.join(', ')})`);
  assert.equal(sent.filter((s) => s === 'POST /files').length, 2, 'the small photo and the refused file went in one request each');

  await page.click('[data-test=submit-rectification]');
  await page.waitForFunction(() => document.querySelector('[data-test=task-status]')?.textContent === '待核验');
  assert.match(await page.innerText('[data-test=task-notice]'), /已提交/);
  assert.equal(await page.locator('[data-test=answer-form]').count(), 0);
  assert.equal(await page.locator('[data-test=evidence-thumb]').count(), 2);
  assert.match(await page.innerText('[data-test=evidence]'), /台账编号 ZS-2026-017/);
  await page.screenshot({ path: `${ARTIFACTS}rectification-submitted-360.png`, fullPage: true });
  await page.close();
});

test("the city's reviewer sees the photos load, is told of a stale version, and verifies", async () => {
  const page = await phone();
  const images = [];
  page.on('response', (r) => { if (/^\/files\/\d+$/.test(new URL(r.url()).pathname)) images.push(r.status()); });
  await signIn(page, server.url, 'liuzhou.reviewer');
  await page.waitForURL(/\/dashboard\//);
  await page.click('[data-nav=rectification]');
  const row = page.locator(`[data-test=subtree-tasks] [data-test=task-row][data-id="${task.id}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /待核验/);
  assert.match(await row.innerText(), /寨沙镇/);
  await row.locator('a').click();
  await page.waitForURL(new RegExp(`/rectification/${task.id}$`));
  await page.locator('[data-test=decide]').waitFor();
  assert.equal(await page.locator('[data-test=evidence-thumb]').count(), 2);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-test=evidence-thumb] img')].every((i) => i.complete && i.naturalWidth > 0));
  const widths = await page.$$eval('[data-test=evidence-thumb] img', (imgs) => imgs.map((i) => i.naturalWidth));
  assert.deepEqual(widths, [64, 1210]);
  assert.deepEqual(images, [200, 200], 'each photo answered 200');
  assert.match(await page.innerText('[data-test=evidence]'), /补齐2026年活动台账/);
  await checkPhoneLayout(page, "the reviewer's task");
  await page.screenshot({ path: `${ARTIFACTS}rectification-review-360.png`, fullPage: true });
  // A thumbnail opens the photo full size.
  await page.locator('[data-test=evidence-thumb]').nth(1).click();
  await page.waitForFunction(() => document.querySelector('[data-test=full-image]')?.naturalWidth === 1210);
  await page.screenshot({ path: `${ARTIFACTS}rectification-photo-360.png` });
  await page.click('[data-test=close-lightbox]');

  // 退回重改 needs a reason.
  await page.click('[data-test=reopen-rectification]');
  await page.click('[data-test=confirm-reopen]');
  assert.match(await page.innerText('[data-test=decide]'), /请填写退回理由/);

  // Meanwhile the city's admin (also a reviewer) sends it back: this page's version is stale.
  const read = operationId('RectificationTask');
  const reporter = await tokenOf(server.url, 'zhaisha.reporter');
  const now = (await callTrusted(server.url, reporter, read, { id: task.id })).data.rectificationTask;
  await asCityAdmin('mutation($id: ID!, $v: Int!) { reopenRectification(id: $id, version: $v, reason: "照片不够清晰，请补拍") { version } }', { id: task.id, v: now.version });
  await page.click('[data-test=verify-rectification]');
  await page.locator('[data-test=task-step-error]').waitFor();
  assert.match(await page.innerText('[data-test=task-step-error]'), /已被他人更新，已重新载入/);
  assert.equal(await page.innerText('[data-test=task-status]'), '重新整改');
  assert.match(await page.innerText('[data-test=reopen-reason]'), /照片不够清晰/);
  assert.equal(await page.locator('[data-test=decide]').count(), 0, 'nothing to decide on a reopened task');
  await page.screenshot({ path: `${ARTIFACTS}rectification-stale-360.png`, fullPage: true });

  // The reporter hands it in again (the portal's own SubmitRectification document).
  const reopened = (await callTrusted(server.url, reporter, read, { id: task.id })).data.rectificationTask;
  const again = await callTrusted(server.url, reporter, operationId('SubmitRectification'), {
    input: { id: task.id, version: reopened.version, evidenceText: '已补拍清晰照片', evidence: reopened.evidence },
  });
  assert.equal(again.errors, undefined, JSON.stringify(again.errors));
  await page.reload();
  await page.locator('[data-test=verify-rectification]').click();
  await page.waitForFunction(() => document.querySelector('[data-test=task-status]')?.textContent === '已销号');
  assert.match(await page.innerText('[data-test=task-notice]'), /已核验销号/);
  assert.match(await page.innerText('[data-test=timeline]'), /核验销号/);
  await page.screenshot({ path: `${ARTIFACTS}rectification-verified-360.png`, fullPage: true });
  await page.close();
});

test("融水县's reviewer, a sibling, can open neither the task nor its files", async () => {
  const city = await tokenOf(server.url, 'liuzhou.reviewer');
  const files = (await callTrusted(server.url, city, operationId('RectificationTask'), { id: task.id })).data.rectificationTask.files;
  assert.equal(files.length, 2);
  assert.equal((await fetch(`${server.url}/files/${files[0].id}`, { headers: { Authorization: `Bearer ${city}` } })).status, 200);

  const sibling = await tokenOf(server.url, 'rongshui.reviewer');
  for (const f of files) {
    const res = await fetch(`${server.url}/files/${f.id}`, { headers: { Authorization: `Bearer ${sibling}` } });
    assert.equal(res.status, 404, `a sibling gets 404 for file ${f.id}`);
    assert.equal((await res.json()).errors[0].extensions.code, 'NOT_FOUND');
  }
  const answer = await callTrusted(server.url, sibling, operationId('RectificationTask'), { id: task.id });
  assert.equal(answer.errors?.[0]?.extensions?.code, 'NOT_FOUND');

  const page = await phone();
  await signIn(page, server.url, 'rongshui.reviewer');
  await page.waitForURL(/\/dashboard\//);
  await page.goto(`${server.url}/rectification`);
  await page.locator('[data-test=subtree-tasks] h2').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-test=subtree-tasks]')?.textContent?.includes('加载中'));
  assert.equal(await page.locator(`[data-test=task-row][data-id="${task.id}"]`).count(), 0, "not in the sibling's list");
  await page.goto(`${server.url}/rectification/${task.id}`);
  await page.locator('[data-test=task-error]').waitFor();
  assert.equal(await page.locator('[data-test=requirement]').count(), 0);
  assert.doesNotMatch(await page.innerText('body'), new RegExp(REQUIREMENT));
  // Its own file link from the city's answer is for the city: as the sibling's own /files/{id} it is 404.
  const status = await page.evaluate(async ([id, token]) => (await fetch(`/files/${id}`, { headers: { Authorization: `Bearer ${token}` } })).status, [files[1].id, sibling]);
  assert.equal(status, 404);
  await page.screenshot({ path: `${ARTIFACTS}rectification-sibling-360.png`, fullPage: true });
  await page.close();
});
