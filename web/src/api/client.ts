// The one GraphQL client: sends typed documents to /graphql with the session's bearer token,
// retries once after a refresh when the server answers 401, and turns the answer into data or a
// typed error carrying the API's `extensions.code` and `extensions.field`.

import { RefreshRejected, type Session, type Tokens } from './session';

/** What codegen's TypedDocumentString gives: the text and its result and variable types. */
export interface Doc<R, V> {
  toString(): string;
  __apiType?: (variables: V) => R;
}

export interface ApiErrorItem {
  message: string;
  code: string;
  field?: string;
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
  extensions?: { code?: string; field?: string; lines?: unknown };
}

function toItem(e: WireError): ApiErrorItem {
  const item: ApiErrorItem = {
    message: e.message ?? 'error',
    code: e.extensions?.code ?? e.code ?? 'INTERNAL_SERVER_ERROR',
    field: e.extensions?.field ?? e.field,
  };
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

  constructor(options: Options = {}) {
    this.endpoint = options.endpoint ?? '/graphql';
    this.fetcher = options.fetch ?? ((...args) => fetch(...args));
    this.locale = options.locale ?? (() => 'zh-CN');
  }

  /** Runs a document; with `anonymous` no token is sent (sign-in, refresh). */
  async request<R, V>(doc: Doc<R, V>, variables: V, anonymous = false): Promise<R> {
    let token = anonymous || !this.session ? null : await this.session.accessToken();
    let res = await this.send(doc.toString(), variables, token);
    if (res.status === 401 && token && this.session) {
      token = await this.session.forceRefresh();
      if (!token) throw new ApiError([{ message: '登录已失效 · Signed out', code: 'UNAUTHENTICATED' }]);
      res = await this.send(doc.toString(), variables, token);
      if (res.status === 401) this.session.signOut('rejected');
    }
    let body: { data?: R; errors?: unknown };
    try {
      body = await res.json();
    } catch {
      throw new NetworkError(`HTTP ${res.status}`);
    }
    if (body.errors) throw new ApiError(toItems(body.errors));
    if (!body.data) throw new NetworkError(`HTTP ${res.status}`);
    return body.data;
  }

  private async send(query: string, variables: unknown, token: string | null): Promise<Response> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json',
      'Accept-Language': this.locale(),
    };
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      const res = await this.fetcher(this.endpoint, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
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
