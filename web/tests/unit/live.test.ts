import { describe, expect, it } from 'vitest';
import { Live, afterClose, backoff, type LiveEnv, type LiveState, type TokenSource } from '../../src/api/live';
import type { Doc } from '../../src/api/client';

/** A WebSocket the test plays the server of: it sees what the client sends and answers by hand. */
class FakeSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  static all: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  sent: Array<Record<string, unknown>> = [];
  closedWith: number | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocol: string,
  ) {
    FakeSocket.all.push(this);
  }
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close(code = 1000, reason = '') {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.closedWith = code;
    this.serverCloses(code, reason);
  }
  // What the test (the server) does:
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  say(message: Record<string, unknown>) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  serverCloses(code: number, reason = '') {
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.({ code, reason, wasClean: true });
  }
  /** The network went away: an error, then an unclean close (1006), as browsers report it. */
  lost() {
    this.readyState = FakeSocket.CLOSED;
    this.onerror?.({ type: 'error' });
    this.onclose?.({ code: 1006, reason: '', wasClean: false });
  }
  ofType(type: string) {
    return this.sent.filter((m) => m.type === type);
  }
}

const settle = async () => {
  for (let i = 0; i < 10; i += 1) await new Promise((ok) => setTimeout(ok, 0));
};

/** Timers the test fires by hand, and an `online` event it sends. */
function fakeEnv() {
  let next = 0;
  const timers = new Map<number, { fn: () => void; ms: number }>();
  const online = new Set<() => void>();
  const env: LiveEnv & { timers: typeof timers; fire: (ms: number) => void; goOnline: () => void } = {
    timers,
    setTimeout: (fn, ms) => { next += 1; timers.set(next, { fn, ms }); return next; },
    clearTimeout: (id) => { timers.delete(id as number); },
    random: () => 0.5,
    onOnline: (fn) => { online.add(fn); return () => online.delete(fn); },
    /** Fires the timers planned for `ms`. */
    fire: (ms) => {
      for (const [id, t] of [...timers.entries()]) if (t.ms === ms) { timers.delete(id); t.fn(); }
    },
    goOnline: () => { for (const fn of [...online]) fn(); },
  };
  return env;
}

/** A session whose tokens the test counts: a1, then a2 after a forced refresh, and so on. */
function fakeTokens() {
  const s = { token: 'a1', refreshes: 0, signedOut: false };
  const source: TokenSource = {
    accessToken: async () => (s.signedOut ? null : s.token),
    forceRefresh: async () => {
      if (s.signedOut) return null;
      s.refreshes += 1;
      s.token = `a${s.refreshes + 1}`;
      return s.token;
    },
  };
  return { s, source };
}

interface Answer { liveQuery: { n: number } }
const doc = Object.assign(
  { toString: () => 'subscription Live($t: ID!) { liveQuery { n } }', __meta__: { hash: 'ab12' } },
) as Doc<Answer, { t: string }>;

function setup() {
  FakeSocket.all = [];
  const env = fakeEnv();
  const tokens = fakeTokens();
  const live = new Live({ url: 'ws://test/graphql', tokens: () => tokens.source, webSocketImpl: FakeSocket, env, keepAliveMs: 0, slowMs: 5_000 });
  const seen = { states: [] as LiveState[], data: [] as number[], errors: [] as string[] };
  const stop = live.subscribe(doc, { t: '7' }, {
    next: (d) => seen.data.push(d.liveQuery.n),
    error: (e) => seen.errors.push(e.code),
    state: (s) => seen.states.push(s),
  });
  return { env, tokens, seen, stop, socket: (i: number) => FakeSocket.all[i] };
}

/** The server side of a sign-in and subscribe on socket `i`; returns the subscription id. */
async function accept(i: number) {
  const ws = FakeSocket.all[i];
  ws.open();
  await settle();
  ws.say({ type: 'connection_ack' });
  await settle();
  const sub = ws.ofType('subscribe').at(-1);
  return sub?.id as string;
}

describe('the live socket', () => {
  it('signs in with the bearer token, sends the document by id, and passes each answer on', async () => {
    const { socket, seen } = setup();
    await settle();
    expect(FakeSocket.all).toHaveLength(1);
    expect(socket(0).protocol).toBe('graphql-transport-ws');
    const id = await accept(0);
    expect(socket(0).ofType('connection_init')[0].payload).toEqual({ Authorization: 'Bearer a1' });
    expect(socket(0).ofType('subscribe')[0].payload).toEqual({ query: '', documentId: 'sha256:ab12', variables: { t: '7' } });
    socket(0).say({ id, type: 'next', payload: { data: { liveQuery: { n: 1 } } } });
    socket(0).say({ id, type: 'next', payload: { data: { liveQuery: { n: 2 } } } });
    expect(seen.data).toEqual([1, 2]);
    expect(seen.states).toEqual(['connecting', 'live']);
  });

  it('sends the text once when the server does not know the id, as the HTTP client does', async () => {
    const { socket, seen } = setup();
    await settle();
    const id = await accept(0);
    socket(0).say({ id, type: 'error', payload: [{ message: 'unknown', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });
    await settle();
    const subs = socket(0).ofType('subscribe');
    expect(subs).toHaveLength(2);
    expect(subs[1].payload).toEqual({ query: 'subscription Live($t: ID!) { liveQuery { n } }', variables: { t: '7' } });
    socket(0).say({ id: subs[1].id, type: 'next', payload: { data: { liveQuery: { n: 5 } } } });
    expect(seen.data).toEqual([5]);
    expect(seen.errors).toEqual([]);
  });

  it('after 4403 signs in again with a fresh token, and is down only if that fails', async () => {
    const { socket, seen, env, tokens } = setup();
    await settle();
    const first = await accept(0);
    socket(0).say({ id: first, type: 'next', payload: { data: { liveQuery: { n: 1 } } } });
    socket(0).serverCloses(4403, 'Forbidden');
    await settle();
    // Not `down` (the screen would poll) for a token renewed in a moment.
    expect(seen.states).toEqual(['connecting', 'live', 'connecting']);
    expect([...env.timers.values()].map((t) => t.ms)).toEqual([750]); // 1 s × (0.5 + 0.5 × 0.5)
    env.fire(750);
    await settle();
    const id = await accept(1);
    expect(tokens.s.refreshes).toBe(1);
    expect(socket(1).ofType('connection_init')[0].payload).toEqual({ Authorization: 'Bearer a2' });
    socket(1).say({ id, type: 'next', payload: { data: { liveQuery: { n: 3 } } } });
    expect(seen.states).toEqual(['connecting', 'live', 'connecting', 'live']);
    expect(seen.data).toEqual([1, 3]);
    // Expired again, and the new token refused at once: now it is down.
    socket(1).serverCloses(4403, 'Forbidden');
    await settle();
    expect(seen.states.at(-1)).toBe('connecting');
    env.fire(750);
    await settle();
    socket(2).open();
    await settle();
    expect(socket(2).ofType('connection_init')[0].payload).toEqual({ Authorization: 'Bearer a3' });
    socket(2).serverCloses(4403, 'Forbidden');
    await settle();
    expect(seen.states.at(-1)).toBe('down');
    expect(tokens.s.refreshes).toBe(2);
  });

  it('after 4403 takes the token the session already renewed instead of refreshing again', async () => {
    const { socket, env, tokens } = setup();
    await settle();
    await accept(0);
    tokens.s.token = 'b1'; // the HTTP client refreshed meanwhile
    socket(0).serverCloses(4403, 'Forbidden');
    await settle();
    env.fire(750);
    await settle();
    await accept(1);
    expect(tokens.s.refreshes).toBe(0);
    expect(socket(1).ofType('connection_init')[0].payload).toEqual({ Authorization: 'Bearer b1' });
  });

  it('retries a lost network and 1013 with growing waits, with the same token, at once when back online', async () => {
    const { socket, seen, env, tokens } = setup();
    await settle();
    await accept(0);
    socket(0).lost();
    await settle();
    expect(seen.states.at(-1)).toBe('down');
    env.fire(750);
    await settle();
    socket(1).open();
    await settle();
    socket(1).serverCloses(1013, 'try again later');
    await settle();
    // The second wait is twice the first.
    expect([...env.timers.values()].map((t) => t.ms)).toContain(1500);
    env.goOnline();
    await settle();
    expect(FakeSocket.all).toHaveLength(3);
    const id = await accept(2);
    expect(tokens.s.refreshes).toBe(0);
    expect(socket(2).ofType('connection_init')[0].payload).toEqual({ Authorization: 'Bearer a1' });
    socket(2).say({ id, type: 'next', payload: { data: { liveQuery: { n: 9 } } } });
    expect(seen.states.at(-1)).toBe('live');
    // Live again: the next failure waits the shortest time again.
    socket(2).lost();
    await settle();
    expect([...env.timers.values()].map((t) => t.ms)).toContain(750);
  });

  it('is down when it stays unconnected too long, and live once the server answers', async () => {
    const { socket, seen, env } = setup();
    await settle();
    env.fire(5_000);
    expect(seen.states).toEqual(['connecting', 'down']);
    const id = await accept(0);
    socket(0).say({ id, type: 'next', payload: { data: { liveQuery: { n: 1 } } } });
    expect(seen.states).toEqual(['connecting', 'down', 'live']);
  });

  it('stops retrying when signed out', async () => {
    const { socket, seen, env, tokens } = setup();
    await settle();
    await accept(0);
    tokens.s.signedOut = true;
    socket(0).serverCloses(4403, 'Forbidden');
    await settle();
    env.fire(750);
    await settle();
    socket(1).open();
    await settle();
    expect(socket(1).ofType('connection_init')).toHaveLength(0);
    expect(seen.states.at(-1)).toBe('down');
    expect([...env.timers.values()].filter((t) => t.ms !== 5_000)).toEqual([]);
  });

  it('ends the subscription and, the last one gone, the socket', async () => {
    const { socket, stop, env } = setup();
    await settle();
    const id = await accept(0);
    stop();
    await settle();
    expect(socket(0).ofType('complete')).toEqual([{ id, type: 'complete' }]);
    expect(socket(0).closedWith).toBe(1000);
    expect(env.timers.size).toBe(0);
  });
});

describe('what a close code calls for', () => {
  it('signs in again after a refused token, waits long after 4429, retries the rest', () => {
    expect([4400, 4401, 4403].map(afterClose)).toEqual(['refresh', 'refresh', 'refresh']);
    expect(afterClose(4429)).toBe('later');
    expect([1006, 1013, 4408, 4409, 4499, 4500].map(afterClose)).toEqual(Array(6).fill('retry'));
  });
  it('waits 1 s doubling up to 30 s, randomised, and at least 30 s after 4429', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((n) => backoff(n, 'retry', () => 1))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(backoff(0, 'retry', () => 0)).toBe(500);
    expect(backoff(0, 'later', () => 0)).toBe(30_000);
  });
});
