import { describe, expect, it } from 'vitest';
import { Poller, type PollEnv } from '../../src/lib/poll';

/** Timers the test fires by hand, and a page it hides and shows. */
function fakeEnv() {
  let next = 0;
  const timers = new Map<number, { fn: () => void; ms: number }>();
  const env: PollEnv & { hide: boolean; timers: typeof timers; fire: () => void } = {
    hide: false,
    timers,
    hidden: () => env.hide,
    setTimeout: (fn, ms) => { next += 1; timers.set(next, { fn, ms }); return next; },
    clearTimeout: (id) => { timers.delete(id as number); },
    fire: () => {
      const all = [...timers.entries()];
      timers.clear();
      for (const [, t] of all) t.fn();
    },
  };
  return env;
}
const settle = () => new Promise((ok) => setTimeout(ok, 0));

/** A load the test finishes by hand, counting how many run at once. */
function loads() {
  const pending: Array<() => void> = [];
  const state = { started: 0, running: 0, most: 0 };
  const run = () => {
    state.started += 1;
    state.running += 1;
    state.most = Math.max(state.most, state.running);
    return new Promise<void>((ok) => pending.push(() => { state.running -= 1; ok(); }));
  };
  return { run, state, finish: async () => { pending.shift()?.(); await settle(); } };
}

describe('reloading a dashboard until live updates exist', () => {
  it('reloads every interval, planned from the end of the last load', async () => {
    const env = fakeEnv();
    const l = loads();
    const p = new Poller(l.run, 60_000, env);
    p.now();
    await settle();
    expect(l.state.started).toBe(1);
    expect(env.timers.size).toBe(0); // nothing planned while the load runs
    await l.finish();
    expect([...env.timers.values()].map((t) => t.ms)).toEqual([60_000]);
    env.fire();
    await settle();
    expect(l.state.started).toBe(2);
    await l.finish();
    expect(env.timers.size).toBe(1);
    expect(l.state.most).toBe(1);
  });

  it('keeps polling after a load that failed', async () => {
    const env = fakeEnv();
    const p = new Poller(() => Promise.reject(new Error('offline')), 30_000, env);
    p.now();
    await settle();
    await settle();
    expect(env.timers.size).toBe(1);
  });

  it('skips turns while the page is hidden and reloads once when it is shown again', async () => {
    const env = fakeEnv();
    const l = loads();
    const p = new Poller(l.run, 60_000, env);
    p.now();
    await settle();
    await l.finish();
    env.hide = true;
    env.fire();
    await settle();
    expect(l.state.started).toBe(1);
    expect(env.timers.size).toBe(0);
    p.visibilityChanged(); // still hidden
    expect(l.state.started).toBe(1);
    env.hide = false;
    p.visibilityChanged();
    await settle();
    expect(l.state.started).toBe(2);
    p.visibilityChanged(); // nothing missed any more
    await settle();
    expect(l.state.started).toBe(2);
  });

  it('does not reload on being shown when no turn was missed', async () => {
    const env = fakeEnv();
    const l = loads();
    const p = new Poller(l.run, 60_000, env);
    p.now();
    await settle();
    await l.finish();
    env.hide = true;
    p.visibilityChanged();
    env.hide = false;
    p.visibilityChanged();
    await settle();
    expect(l.state.started).toBe(1);
    expect(env.timers.size).toBe(1);
  });

  it('a change of tenant or period drops the planned turn and a late load plans nothing', async () => {
    const env = fakeEnv();
    const l = loads();
    const p = new Poller(l.run, 60_000, env);
    p.now();
    await settle();
    await l.finish();
    expect(env.timers.size).toBe(1);
    p.now(); // another period
    await settle();
    expect(env.timers.size).toBe(0);
    expect(l.state.started).toBe(2);
    p.now(); // and another, while the second load is in flight
    await settle();
    await l.finish(); // the superseded load ends: it plans nothing
    expect(env.timers.size).toBe(0);
    await l.finish();
    expect(env.timers.size).toBe(1);
  });

  it('stops for good when the screen is left', async () => {
    const env = fakeEnv();
    const l = loads();
    const p = new Poller(l.run, 60_000, env);
    p.now();
    await settle();
    p.stop();
    await l.finish();
    expect(env.timers.size).toBe(0);
    env.hide = false;
    p.visibilityChanged();
    await settle();
    expect(l.state.started).toBe(1);
  });
});
