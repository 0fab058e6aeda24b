// Starts the real server (`shiliu serve --demo`) on a free port with a fresh SQLite file in a
// temporary folder, and a headless Debian Chromium that may reach nothing but 127.0.0.1.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = new URL('../../../', import.meta.url).pathname;
export const BIN = process.env.SHILIU_BIN ?? join(root, 'target/debug/shiliu');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
export const PASSWORD = 'shiliu-demo-2026';

/** The trusted documents the build compiled in (dist/documents.json): id to text. */
export const DOCUMENTS = JSON.parse(readFileSync(new URL('../../dist/documents.json', import.meta.url), 'utf8'));

/** The id of the one trusted document that runs `field` (e.g. `saveDecomposition(`). */
export function documentIdOf(field) {
  const ids = Object.keys(DOCUMENTS).filter((id) => DOCUMENTS[id].includes(`${field}(`));
  if (ids.length !== 1) throw new Error(`${ids.length} documents run ${field}`);
  return ids[0];
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** `env`: settings of this run (e.g. `SHILIU__GRAPHQL__SUBSCRIPTION_DEBOUNCE_MS`). */
export async function startServer(env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'shiliu-e2e-'));
  const port = await freePort();
  const child = spawn(BIN, ['serve', '--demo'], {
    env: { ...process.env, SHILIU_BIND: `127.0.0.1:${port}`, SHILIU__DATABASE__SQLITE_PATH: join(dir, 'e2e.db'), SHILIU_LOG: 'warn', DATABASE_URL: '', REDIS_URL: '',
      // As in production: only trusted documents run (the portal's are compiled in).
      SHILIU__GRAPHQL__DOCUMENTS: 'trusted', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i += 1) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    await new Promise((ok) => setTimeout(ok, 200));
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((ok) => (child.exitCode !== null ? ok() : child.once('exit', ok)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'shiliu-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    viewport: { width: 1366, height: 900 },
  });
  const outside = [];
  context.on('weberror', (e) => console.error(`page error: ${e.error()}`));
  context.on('response', (r) => { if (r.status() >= 400) console.error(`HTTP ${r.status()} ${r.url()}`); });
  context.on('request', (r) => {
    const host = new URL(r.url()).hostname;
    if (!['127.0.0.1', ''].includes(host) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) outside.push(r.url());
  });
  return {
    context,
    outside,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function signIn(page, url, username) {
  // The browser profile is shared by the tests: start each one signed out.
  await page.goto(`${url}/login`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${url}/`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
}

/** Calls the API from node as a demo user. */
export async function api(url, username, query, variables = {}) {
  const login = await (await fetch(`${url}/graphql`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }', variables: { u: username, p: PASSWORD } }),
  })).json();
  const token = login.data.login.accessToken;
  return (await fetch(`${url}/graphql`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  })).json();
}

/** Signs in from node by the portal's trusted Login document; the access token. */
export async function tokenOf(url, username) {
  const login = await (await fetch(`${url}/graphql`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ documentId: documentIdOf('login'), variables: { username, password: PASSWORD } }),
  })).json();
  return login.data.login.accessToken;
}

/** Runs one of the portal's trusted documents (by its id) from node with a token. */
export async function callTrusted(url, token, documentId, variables = {}) {
  return (await fetch(`${url}/graphql`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ documentId, variables }),
  })).json();
}
