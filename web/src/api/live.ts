// Live answers over the API's WebSocket (graphql-transport-ws on /graphql, the `graphql-ws`
// client): one socket for the tab, opened when the first subscription starts and closed after
// the last ends.
//
// The socket signs in with the session's bearer token in `connection_init`. It sends trusted
// documents by id, as the HTTP client does (`documentId`, the text only after the server
// answers PERSISTED_QUERY_NOT_FOUND). When it closes, each subscription says so (`down`, so the
// screen falls back to polling) and tries again with a growing, randomised wait; after a token
// refusal (4400/4401/4403) it connects again with a fresh token; the browser coming back online
// retries at once.

import { createClient, type Client as WsClient, type SubscribePayload } from 'graphql-ws';
import { ApiError, toItems, wireOf, type Doc } from './client';

/** connecting: not live yet; live: answers are pushed; down: the socket failed, retrying. */
export type LiveState = 'connecting' | 'live' | 'down';

/** What the live client needs of the session (see session.ts). */
export interface TokenSource {
  accessToken(): Promise<string | null>;
  forceRefresh(): Promise<string | null>;
}

/** What to do once a socket closed with a code: sign in again, retry soon, or retry late. */
export type AfterClose = 'refresh' | 'retry' | 'later';

/**
 * 4400/4401/4403: the token was refused (expired, signed out elsewhere, user disabled, roles
 * changed): a fresh one, then again. 4429: too many sockets or sign-ins: wait long. Everything
 * else (1006 network lost, 1013 try again later, 4408 sign-in too slow, 4409, 4499 no pong):
 * retry with backoff.
 */
export function afterClose(code: number): AfterClose {
  if (code === 4400 || code === 4401 || code === 4403) return 'refresh';
  if (code === 4429) return 'later';
  return 'retry';
}

/** The wait before retry number `attempt` (0 first): 1 s doubling to 30 s, each 50–100% of that, at least 30 s after a 4429. */
export function backoff(attempt: number, after: AfterClose, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1_000 * 2 ** Math.min(attempt, 5));
  const wait = Math.round(base * (0.5 + random() * 0.5));
  return after === 'later' ? Math.max(30_000, wait) : wait;
}

export interface LiveEnv {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (timer: unknown) => void;
  random: () => number;
  /** Calls back when the browser is online again; returns the unsubscribe. */
  onOnline: (fn: () => void) => () => void;
}

const browserEnv: LiveEnv = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
  random: Math.random,
  onOnline: (fn) => {
    if (typeof window === 'undefined') return () => undefined;
    window.addEventListener('online', fn);
    return () => window.removeEventListener('online', fn);
  },
};

export interface LiveOptions {
  url: string | (() => string);
  tokens: () => TokenSource | null;
  webSocketImpl?: unknown;
  env?: LiveEnv;
  /** A ping this often while connected; a socket that does not answer within `pongMs` is dropped. */
  keepAliveMs?: number;
  pongMs?: number;
  /** Still not live this long after starting: `down` (the screen polls meanwhile). */
  slowMs?: number;
}

export interface LiveSink<R> {
  /** A new answer (the first one at once, then one after each change that alters it). */
  next(data: R): void;
  /** The server refused the document or answered with errors. */
  error?(err: ApiError): void;
  state?(state: LiveState): void;
}

/** connection_init found no session: nothing to retry until someone signs in. */
class SignedOut extends Error {}

/** The browser's WebSocket URL of a path on this origin. */
export function socketUrl(path = '/graphql'): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
}

export class Live {
  private readonly ws: WsClient;
  private readonly env: LiveEnv;
  private readonly slowMs: number;
  /** The token the last socket signed in with, and whether the server refused it. */
  private lastToken: string | null = null;
  private refused = false;

  constructor(private readonly options: LiveOptions) {
    this.env = options.env ?? browserEnv;
    this.slowMs = options.slowMs ?? 5_000;
    const keepAlive = options.keepAliveMs ?? 20_000;
    const pongMs = options.pongMs ?? 10_000;
    let pongTimer: unknown;
    this.ws = createClient({
      url: options.url,
      lazy: true,
      // Our subscriptions retry themselves (see LiveSubscription), so they see every close.
      retryAttempts: 0,
      keepAlive,
      connectionAckWaitTimeout: 10_000,
      webSocketImpl: options.webSocketImpl,
      connectionParams: () => this.connectionParams(),
      on: {
        ping: (received) => {
          if (received) return;
          this.env.clearTimeout(pongTimer);
          pongTimer = this.env.setTimeout(() => this.ws.terminate(), pongMs);
        },
        pong: (received) => {
          if (received) this.env.clearTimeout(pongTimer);
        },
        closed: (event) => {
          this.env.clearTimeout(pongTimer);
          const code = (event as { code?: number } | null)?.code;
          if (typeof code === 'number' && afterClose(code) === 'refresh') this.refused = true;
        },
      },
    });
  }

  /** Starts a subscription; the function it returns ends it. */
  subscribe<R, V>(doc: Doc<R, V>, variables: V, sink: LiveSink<R>): () => void {
    const sub = new LiveSubscription<R, V>(this.ws, this.env, this.slowMs, doc, variables, sink);
    sub.start();
    return () => sub.stop();
  }

  /** The `connection_init` payload: the session's token; a fresh one after a refusal. */
  private async connectionParams(): Promise<Record<string, string>> {
    const tokens = this.options.tokens();
    if (!tokens) throw new SignedOut('signed out');
    let token = await tokens.accessToken();
    // Refused: unless the session already holds another token (the HTTP client refreshed it
    // meanwhile), ask for a new one.
    if (token && this.refused && token === this.lastToken) token = await tokens.forceRefresh();
    if (!token) throw new SignedOut('signed out');
    this.refused = false;
    this.lastToken = token;
    return { Authorization: `Bearer ${token}` };
  }
}

interface Result<R> {
  data?: R | null;
  errors?: unknown;
}

/** One subscription and its retries. */
class LiveSubscription<R, V> {
  private dispose: (() => void) | null = null;
  private timer: unknown = undefined;
  private slow: unknown = undefined;
  private attempt = 0;
  private withText = false;
  private stopped = false;
  private current: LiveState | null = null;
  private readonly offOnline: () => void;
  /** Counts runs: a late callback of an earlier run is ignored. */
  private run = 0;

  constructor(
    private readonly ws: WsClient,
    private readonly env: LiveEnv,
    private readonly slowMs: number,
    private readonly doc: Doc<R, V>,
    private readonly variables: V,
    private readonly sink: LiveSink<R>,
  ) {
    this.offOnline = env.onOnline(() => {
      if (this.timer !== undefined) this.retryNow();
    });
  }

  start(): void {
    if (this.stopped) return;
    const mine = (this.run += 1);
    if (this.current !== 'down') this.setState('connecting');
    this.env.clearTimeout(this.slow);
    this.slow = this.env.setTimeout(() => {
      if (mine === this.run && this.current === 'connecting') this.setState('down');
    }, this.slowMs);
    this.dispose = this.ws.subscribe<R>(this.payload(), {
      next: (result: Result<R>) => {
        if (mine !== this.run) return;
        this.attempt = 0;
        this.setState('live');
        if (result.errors) this.sink.error?.(new ApiError(toItems(result.errors)));
        else if (result.data) this.sink.next(result.data);
      },
      error: (err: unknown) => {
        if (mine === this.run) this.failed(err);
      },
      // The server ended it (it does after an answer with errors): ask again later.
      complete: () => {
        if (mine === this.run) this.again('retry');
      },
    });
  }

  stop(): void {
    this.stopped = true;
    this.run += 1;
    this.env.clearTimeout(this.timer);
    this.env.clearTimeout(this.slow);
    this.timer = undefined;
    this.offOnline();
    this.dispose?.();
    this.dispose = null;
  }

  /** The document by id when it has one, as the HTTP client sends it; else (or once refused) its text. */
  private payload(): SubscribePayload {
    const wire = wireOf(this.doc);
    const variables = (this.variables ?? {}) as Record<string, unknown>;
    if (wire.id && !this.withText) {
      const byId: SubscribePayload & { documentId: string } = { query: '', documentId: wire.id, variables };
      return byId;
    }
    return { query: wire.text, variables };
  }

  private failed(err: unknown): void {
    this.dispose = null;
    if (err instanceof SignedOut) {
      this.setState('down');
      return;
    }
    if (Array.isArray(err)) {
      // An `error` message: the server did not run the document.
      const items = toItems(err);
      if (items[0]?.code === 'PERSISTED_QUERY_NOT_FOUND' && !this.withText) {
        this.withText = true;
        this.start();
        return;
      }
      this.sink.error?.(new ApiError(items));
      this.again('retry');
      return;
    }
    const code = (err as { code?: unknown } | null)?.code;
    this.again(typeof code === 'number' ? afterClose(code) : 'retry');
  }

  private again(after: AfterClose): void {
    if (this.stopped) return;
    this.run += 1;
    this.dispose?.();
    this.dispose = null;
    this.env.clearTimeout(this.slow);
    // A token that ran out (every access token does, while the socket is open) is renewed in a
    // moment: still `connecting`, unless that fails too (or takes longer than `slowMs`).
    this.setState(after === 'refresh' && this.attempt === 0 && this.current === 'live' ? 'connecting' : 'down');
    this.env.clearTimeout(this.timer);
    const wait = backoff(this.attempt, after, this.env.random);
    this.attempt += 1;
    this.timer = this.env.setTimeout(() => this.retryNow(), wait);
  }

  private retryNow(): void {
    this.env.clearTimeout(this.timer);
    this.timer = undefined;
    this.start();
  }

  private setState(state: LiveState): void {
    if (state === this.current) return;
    this.current = state;
    this.sink.state?.(state);
  }
}
