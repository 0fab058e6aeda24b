// 账户与安全 in a real browser against the real server with the demo data, on a 360 px phone:
// 鹿寨县's ADMIN resets 寨沙镇's reporter's password; the reporter signs in with the one-time
// password, cannot get past 修改密码 until it is changed, then works again; two sign-ins show as
// two sessions and the other one is ended from the account page; a locked account says so.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { ARTIFACTS, DOCUMENTS, PASSWORD, callTrusted, documentIdOf, startBrowser, startServer, tokenOf } from './server.mjs';

const NEW_PASSWORD = '石榴籽紧紧抱在一起 2026';
let server;
let browser;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // Three wrong passwords in a row lock an account (the default is ten).
  server = await startServer({ SHILIU__AUTH__LOCK_AFTER_FAILURES: '3' });
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  assert.deepEqual(browser.outside, [], 'nothing is loaded from outside 127.0.0.1');
});

/** Runs a text as an ADMIN (an ADMIN's texts run also on a trusted-documents server). */
async function asAdmin(query, variables = {}) {
  const token = await tokenOf(server.url, 'luzhai.admin');
  const answer = await (await fetch(`${server.url}/graphql`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  })).json();
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
  return answer.data;
}

/** Signs in from node by the portal's trusted Login document; the whole answer. */
async function login(username, password) {
  return (await fetch(`${server.url}/graphql`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ documentId: documentIdOf('login'), variables: { username, password } }),
  })).json();
}

async function phone() {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${server.url}/login`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${server.url}/`);
  return page;
}

/** Fills in the sign-in form and sends it; returns when the server answered the login. */
async function signInWith(page, username, password) {
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/graphql' && r.request().method() === 'POST');
  await page.click('button[type=submit]');
  await answered;
}

/** The id of the trusted document of the operation `name` (e.g. `MySessions`). */
function operationId(name) {
  const ids = Object.keys(DOCUMENTS).filter((id) => new RegExp(`(^|\\} )(query|mutation) ${name}\\b`).test(DOCUMENTS[id]));
  assert.equal(ids.length, 1, `one document is the operation ${name}`);
  return ids[0];
}

const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('after an ADMIN reset, the reporter must change the one-time password before anything else', async () => {
  const users = await asAdmin('{ users(first: 100) { edges { node { id username } } } }');
  const reporter = users.users.edges.find((e) => e.node.username === 'zhaisha.reporter').node.id;
  const reset = await asAdmin('mutation($u: ID!) { resetUserPassword(userId: $u) { oneTimePassword } }', { u: reporter });
  const oneTime = reset.resetUserPassword.oneTimePassword;

  const page = await phone();
  await signInWith(page, 'zhaisha.reporter', oneTime);
  await page.waitForURL(/\/change-password/);
  await page.locator('[data-test=change-password-screen]').waitFor();
  assert.match(await page.innerText('body'), /修改密码/);
  assert.match(await page.innerText('body'), /一次性密码/);
  assert.equal(await page.locator('[data-nav=report]').count(), 0, 'no way into the other screens');
  assert.ok((await overflow(page)) <= 0, `no sideways scrolling at 360 px (${await overflow(page)} px)`);
  await page.screenshot({ path: `${ARTIFACTS}change-password-360.png`, fullPage: true });

  // It cannot be skipped: any other address comes back here.
  await page.goto(`${server.url}/report`);
  await page.waitForURL(/\/change-password\?next=(%2F|\/)report$/);
  await page.locator('[data-test=change-password-screen]').waitFor();

  // A wrong one-time password: the server's refusal at that input.
  await page.fill('input[name=currentPassword]', 'not-the-one-time-password');
  await page.fill('input[name=newPassword]', NEW_PASSWORD);
  await page.fill('input[name=repeat]', NEW_PASSWORD);
  await page.click('[data-test=change-password]');
  await page.locator('[data-test=error-currentPassword]').waitFor();
  assert.equal(await page.locator('[data-test=error-newPassword]').count(), 0);
  // A repeat that differs is caught before asking; a weak new password at the new input.
  await page.fill('input[name=currentPassword]', oneTime);
  await page.fill('input[name=repeat]', `${NEW_PASSWORD}!`);
  await page.click('[data-test=change-password]');
  assert.match(await page.locator('[data-test=error-repeat]').innerText(), /不一致/);
  await page.fill('input[name=newPassword]', 'onlyletters');
  await page.fill('input[name=repeat]', 'onlyletters');
  await page.click('[data-test=change-password]');
  await page.locator('[data-test=error-newPassword]').waitFor();
  assert.equal(await page.locator('[data-test=error-currentPassword]').count(), 0);
  await page.screenshot({ path: `${ARTIFACTS}change-password-errors-360.png`, fullPage: true });

  await page.fill('input[name=newPassword]', NEW_PASSWORD);
  await page.fill('input[name=repeat]', NEW_PASSWORD);
  await page.click('[data-test=change-password]');
  // On to where the reporter was going, and every screen opens again.
  await page.waitForURL(/\/report$/);
  await page.click('[data-nav=dashboard]');
  await page.waitForURL(/\/dashboard\//);
  await page.waitForFunction(() => document.querySelector('[data-test=tenant-name]')?.textContent?.includes('寨沙'));
  assert.equal(await page.locator('[data-test=change-password-screen]').count(), 0);
  assert.ok((await login('zhaisha.reporter', oneTime)).errors, 'the one-time password no longer signs in');
  // Signing out ends this session, so the next test starts with none.
  await page.click('[data-test=sign-out]');
  await page.waitForURL(/\/login/);
  await page.close();
});

test('the account page lists both sessions of a reporter signed in twice and ends the other one', async () => {
  const page = await phone();
  await signInWith(page, 'zhaisha.reporter', NEW_PASSWORD);
  await page.waitForURL(/\/report/);
  const other = await login('zhaisha.reporter', NEW_PASSWORD);
  assert.equal(other.errors, undefined, JSON.stringify(other.errors));
  const otherToken = other.data.login.accessToken;
  const sessions = operationId('MySessions');
  assert.equal((await callTrusted(server.url, otherToken, sessions)).errors, undefined, 'the other device works');

  await page.click('[data-nav=account]');
  await page.waitForURL(/\/account$/);
  assert.match(await page.innerText('body'), /账户与安全/);
  const rows = page.locator('[data-test=session]');
  await page.waitForFunction(() => document.querySelectorAll('[data-test=session]').length === 2);
  assert.equal(await page.locator('[data-test=current-session]').count(), 1);
  assert.match(await page.locator('[data-test=session][data-current=true]').innerText(), /当前会话/);
  assert.match(await page.locator('[data-test=session][data-current=false]').innerText(), /127\.0\.0\.1/);
  assert.ok((await overflow(page)) <= 0, `no sideways scrolling at 360 px (${await overflow(page)} px)`);
  await page.screenshot({ path: `${ARTIFACTS}account-360.png`, fullPage: true });

  await page.locator('[data-test=session][data-current=false] [data-test=end-session]').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-test=session]').length === 1);
  assert.equal(await rows.first().getAttribute('data-current'), 'true');
  assert.match(await page.locator('[data-test=account-notice]').innerText(), /已退出该设备/);
  const ended = await callTrusted(server.url, otherToken, sessions);
  assert.equal(ended.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', JSON.stringify(ended));
  // This one goes on.
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('[data-test=session]').length === 1);
  await page.screenshot({ path: `${ARTIFACTS}account-ended-360.png`, fullPage: true });
  await page.close();
});

test('a locked account is told plainly at sign-in, with the minutes left', async () => {
  const page = await phone();
  for (let n = 1; n <= 2; n += 1) {
    await signInWith(page, 'zhaisha.viewer', `wrong password ${n}`);
    await page.locator('.error[role=alert]').waitFor();
    assert.match(await page.locator('.error[role=alert]').innerText(), /./);
    assert.equal(await page.locator('[data-test=sign-in-blocked]').count(), 0, 'a wrong password is no lock');
  }
  await signInWith(page, 'zhaisha.viewer', 'wrong password 3');
  const blocked = page.locator('[data-test=sign-in-blocked]');
  await blocked.waitFor();
  const text = await blocked.innerText();
  assert.match(text, /账户已锁定/);
  assert.match(text, /密码错误次数过多，账户已锁定/, 'the server message');
  assert.match(await page.locator('[data-test=blocked-minutes]').innerText(), /约 30 分钟后可再试/);
  // The right password does not get in either while it lasts.
  await signInWith(page, 'zhaisha.viewer', PASSWORD);
  await blocked.waitFor();
  assert.match(page.url(), /\/(login)?$/);
  assert.ok((await overflow(page)) <= 0, `no sideways scrolling at 360 px (${await overflow(page)} px)`);
  await page.screenshot({ path: `${ARTIFACTS}signin-locked-360.png`, fullPage: true });
  await page.close();
});
