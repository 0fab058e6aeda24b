import { describe, expect, it } from 'vitest';
import { RefreshRejected, Session, type TokenStore, type Tokens } from '../../src/api/session';

function memoryStore(initial: Tokens | null): TokenStore & { value: Tokens | null } {
  return { value: initial, load() { return this.value; }, save(t) { this.value = t; } };
}
const at = (ms: number) => new Date(ms).toISOString();
const tokens = (n: number, expires: number): Tokens => ({ accessToken: `a${n}`, refreshToken: `r${n}`, expiresAt: at(expires), username: 'zhaisha.reporter' });

describe('a session refreshed without the user noticing', () => {
  it('uses the access token while it is fresh', async () => {
    let calls = 0;
    const s = new Session(memoryStore(tokens(1, 10 * 60_000)), async () => { calls += 1; return tokens(2, 0); }, { now: () => 0 });
    expect(await s.accessToken()).toBe('a1');
    expect(calls).toBe(0);
  });
  it('refreshes a minute before expiry, once for many callers at the same time', async () => {
    const store = memoryStore(tokens(1, 30_000));
    const seen: string[] = [];
    const s = new Session(store, async (r) => { seen.push(r); await new Promise((ok) => setTimeout(ok, 5)); return tokens(2, 900_000); }, { now: () => 0 });
    const got = await Promise.all([s.accessToken(), s.accessToken(), s.accessToken()]);
    expect(got).toEqual(['a2', 'a2', 'a2']);
    expect(seen).toEqual(['r1']);
    expect(store.value?.refreshToken).toBe('r2');
  });
  it('adopts tokens another tab renewed instead of spending the old refresh token again', async () => {
    const store = memoryStore(tokens(1, 30_000));
    let calls = 0;
    const s = new Session(store, async () => { calls += 1; return tokens(3, 900_000); }, {
      now: () => 0,
      lock: async (work) => { store.value = tokens(2, 900_000); return work(); },
    });
    expect(await s.accessToken()).toBe('a2');
    expect(calls).toBe(0);
  });
  it('signs out everywhere when the server rejects the refresh token (reuse detected)', async () => {
    const store = memoryStore(tokens(1, 0));
    const reasons: Array<string | undefined> = [];
    const s = new Session(store, async () => { throw new RefreshRejected('reused'); }, { now: () => 0 });
    s.onChange((t, reason) => { if (!t) reasons.push(reason); });
    expect(await s.accessToken()).toBeNull();
    expect(store.value).toBeNull();
    expect(reasons).toEqual(['rejected']);
  });
  it('keeps the session when the refresh only fails for want of a connection', async () => {
    const store = memoryStore(tokens(1, 0));
    const s = new Session(store, async () => { throw new TypeError('Failed to fetch'); }, { now: () => 0 });
    await expect(s.accessToken()).rejects.toThrow('Failed to fetch');
    expect(store.value?.refreshToken).toBe('r1');
  });
});
