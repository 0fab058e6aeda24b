// The one GraphQL client: sends typed documents to /graphql with the session's bearer token,
// retries once after a refresh when the server answers 401, and turns the answer into data or a
// typed error carrying the API's `extensions.code`, `extensions.field` and `extensions.retryAfter`.
// An answer saying PASSWORD_CHANGE_REQUIRED (an ADMIN reset the password) is also told to
// `onPasswordChangeRequired`, so the portal can send the user to change it from any screen.
//
// Every operation is a trusted document the server knows by its id (codegen's hash, see
// codegen.ts), so only the id and the variables travel: queries as GET (short URLs, an ETag the
// browser revalidates with If-None-Match), mutations as POST. A server that does not know the id
// (PERSISTED_QUERY_NOT_FOUND) gets the text once more.

import { RefreshRejected, type Session, type Tokens } from './session';

/** What codegen's TypedDocumentString gives: the text and its result and variable types. */
export interface Doc<R, V> {
  toString(): string;
  __apiType?: (variables: V) => R;
  /** codegen's persisted-document hash (SHA-256 of the printed document, hex). */
  __meta__?: Record<string, unknown>;
}

/** Longest GET URL the client sends; a query with larger variables goes as POST. */
const GET_MAX = 2000;

/** What one request sends: the document by id where it has one, else its text. */
export interface Wire {
  text: string;
  id: string | null;
  query: boolean;
}

export function wireOf<R, V>(doc: Doc<R, V>): Wire {
  const text = doc.toString();
  const hash = doc.__meta__?.hash;
  return {
    text,
    id: typeof hash === 'string' ? `sha256:${hash}` : null,
    query: /^\s*(query\b|\{)/.test(text),
  };
}

export interface ApiErrorItem {
  message: string;
  code: string;
  field?: string;
  /** Seconds until a retry may succeed (`extensions.retryAfter`: RATE_LIMITED, ACCOUNT_LOCKED). */
  retryAfter?: number;
  /** Every wrong line of a batch or allocation (`extensions.lines`), in the order sent. */
  lines?: ApiErrorItem[];
}

/** The server answered with errors (not a network failure). */
export class ApiError extends Error {
  constructor(readonly items: ApiErrorItem[]) {
    super(items[0]?.message ?? 'error');
  }
  get code(): string {
    return this.items[0]?.code ?? 'INTERNAL_SERVER_ERROR';
  }
}

/** The request never got an answer: no connection, or the server is down. */
export class NetworkError extends Error {}

type Fetch = typeof fetch;

interface Options {
  endpoint?: string;
  fetch?: Fetch;
  locale?: () => string;
}

interface WireError {
  message?: string;
  field?: string;
  code?: string;
  extensions?: { code?: string; field?: string; retryAfter?: unknown; lines?: unknown };
}

function toItem(e: WireError): ApiErrorItem {
  const item: ApiErrorItem = {
    message: e.message ?? 'error',
    code: e.extensions?.code ?? e.code ?? 'INTERNAL_SERVER_ERROR',
    field: e.extensions?.field ?? e.field,
  };
  const retryAfter = e.extensions?.retryAfter;
  if (typeof retryAfter === 'number' && Number.isFinite(retryAfter)) item.retryAfter = retryAfter;
  const lines = e.extensions?.lines;
  if (Array.isArray(lines)) item.lines = lines.map((l: WireError) => toItem(l));
  return item;
}

export function toItems(errors: unknown): ApiErrorItem[] {
  if (!Array.isArray(errors)) return [{ message: 'error', code: 'INTERNAL_SERVER_ERROR' }];
  return errors.map((e: WireError) => toItem(e));
}

export class Client {
  private readonly endpoint: string;
  private readonly fetcher: Fetch;
  private readonly locale: () => string;
  session: Session | null = null;
  /** Called when an answer says the caller must change a reset password first. */
  onPasswordChangeRequired: (() => void) | null = null;

  constructor(options: Options = {}) {
    this.endpoint = options.endpoint ?? '/graphql';
    this.fetcher = options.fetch ?? ((...args) => fetch(...args));
    this.locale = options.locale ?? (() => 'zh-CN');
  }

  /** Runs a document; with `anonymous` no token is sent (sign-in, refresh). */
  async request<R, V>(doc: Doc<R, V>, variables: V, anonymous = false): Promise<R> {
    const wire = wireOf(doc);
    let token = anonymous || !this.session ? null : await this.session.accessToken();
    let res = await this.send(wire, variables, token);
    if (res.status === 401 && token && this.session) {
      token = await this.session.forceRefresh();
      if (!token) throw new ApiError([{ message: '登录已失效 · Signed out', code: 'UNAUTHENTICATED' }]);
      res = await this.send(wire, variables, token);
      if (res.status === 401) this.session.signOut('rejected');
    }
    let body = await this.read<R>(res);
    if (wire.id && body.errors && toItems(body.errors)[0]?.code === 'PERSISTED_QUERY_NOT_FOUND') {
      body = await this.read<R>(await this.send({ ...wire, id: null }, variables, token));
    }
    if (body.errors) {
      const items = toItems(body.errors);
      if (items.some((i) => i.code === 'PASSWORD_CHANGE_REQUIRED')) this.onPasswordChangeRequired?.();
      throw new ApiError(items);
    }
    if (!body.data) throw new NetworkError(`HTTP ${res.status}`);
    return body.data;
  }

  private async read<R>(res: Response): Promise<{ data?: R; errors?: unknown }> {
    try {
      return await res.json();
    } catch {
      throw new NetworkError(`HTTP ${res.status}`);
    }
  }

  private async send(wire: Wire, variables: unknown, token: string | null): Promise<Response> {
    const headers: Record<string, string> = {
      Accept: 'application/graphql-response+json, application/json',
      'Accept-Language': this.locale(),
    };
    if (token) headers.Authorization = `Bearer ${token}`;
    let url = this.endpoint;
    let init: RequestInit;
    const vars = JSON.stringify(variables ?? {});
    const get = wire.id && wire.query ? `${this.endpoint}?documentId=${encodeURIComponent(wire.id)}&variables=${encodeURIComponent(vars)}` : null;
    if (get && get.length <= GET_MAX) {
      url = get;
      init = { method: 'GET', headers };
    } else {
      headers['Content-Type'] = 'application/json';
      const body = wire.id ? `{"documentId":${JSON.stringify(wire.id)},"variables":${vars}}` : `{"query":${JSON.stringify(wire.text)},"variables":${vars}}`;
      init = { method: 'POST', headers, body };
    }
    try {
      const res = await this.fetcher(url, init);
      if (res.status >= 502) throw new NetworkError(`HTTP ${res.status}`);
      return res;
    } catch (err) {
      if (err instanceof NetworkError) throw err;
      throw new NetworkError(err instanceof Error ? err.message : String(err));
    }
  }
}

interface AuthAnswer {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  user: { username: string };
}

export const toTokens = (a: AuthAnswer): Tokens => ({
  accessToken: a.accessToken,
  refreshToken: a.refreshToken,
  expiresAt: a.expiresAt,
  username: a.user.username,
});

/** The refresher a Session uses: a rejected refresh token is RefreshRejected, not a retry. */
export function refresherFor(client: Client, doc: Doc<{ refreshSession: AuthAnswer }, { refreshToken: string }>) {
  return async (refreshToken: string): Promise<Tokens> => {
    try {
      const data = await client.request(doc, { refreshToken }, true);
      return toTokens(data.refreshSession);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'UNAUTHENTICATED') throw new RefreshRejected(err.message);
      throw err;
    }
  };
}
