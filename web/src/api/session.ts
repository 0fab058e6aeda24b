// The signed-in session: tokens kept in the browser and refreshed before they expire, without
// the user noticing. One refresh is in flight at a time (in this tab, and across tabs through a
// Web Lock), a tab that finds the tokens already renewed by another adopts them, and a refresh the
// server rejects (a copied refresh token ends the whole session) signs out everywhere.

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** ISO instant the access token expires. */
  expiresAt: string;
  username: string;
}

export interface TokenStore {
  load(): Tokens | null;
  save(tokens: Tokens | null): void;
}

/** Thrown by a refresher when the server refuses the refresh token (expired, revoked, reused). */
export class RefreshRejected extends Error {}

export type Refresher = (refreshToken: string) => Promise<Tokens>;
export type Lock = <T>(work: () => Promise<T>) => Promise<T>;
export type SignOutReason = 'user' | 'rejected';

export interface SessionOptions {
  now?: () => number;
  /** Refresh this long before expiry (ms). */
  marginMs?: number;
  lock?: Lock;
}

const inThisTab: Lock = (work) => work();

/** Serialises refreshes across tabs where the browser has Web Locks. */
export const browserLock: Lock = (work) =>
  typeof navigator !== 'undefined' && navigator.locks
    ? (navigator.locks.request('shiliu-refresh', work) as ReturnType<typeof work>)
    : work();

export class Session {
  private inflight: Promise<Tokens | null> | null = null;
  private listeners = new Set<(tokens: Tokens | null, reason?: SignOutReason) => void>();
  private readonly now: () => number;
  private readonly marginMs: number;
  private readonly lock: Lock;

  constructor(
    private readonly store: TokenStore,
    private readonly refresher: Refresher,
    options: SessionOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.marginMs = options.marginMs ?? 60_000;
    this.lock = options.lock ?? inThisTab;
  }

  get tokens(): Tokens | null {
    return this.store.load();
  }

  onChange(listener: (tokens: Tokens | null, reason?: SignOutReason) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  signIn(tokens: Tokens): void {
    this.store.save(tokens);
    this.emit(tokens);
  }

  signOut(reason: SignOutReason = 'user'): void {
    this.store.save(null);
    this.emit(null, reason);
  }

  /** Another tab changed the stored tokens. */
  reload(): void {
    this.emit(this.store.load());
  }

  /** A valid access token, refreshed first when it is about to expire; null when signed out. */
  async accessToken(): Promise<string | null> {
    const tokens = this.store.load();
    if (!tokens) return null;
    if (Date.parse(tokens.expiresAt) - this.now() > this.marginMs) return tokens.accessToken;
    const renewed = await this.refresh(tokens.refreshToken);
    return renewed?.accessToken ?? null;
  }

  /** Refreshes now (the server answered 401 to a token we thought valid). */
  async forceRefresh(): Promise<string | null> {
    const tokens = this.store.load();
    if (!tokens) return null;
    return (await this.refresh(tokens.refreshToken, true))?.accessToken ?? null;
  }

  private refresh(seen: string, force = false): Promise<Tokens | null> {
    if (!this.inflight) {
      this.inflight = this.lock(async () => {
        const current = this.store.load();
        if (!current) return null;
        // Another tab (or an earlier call) renewed the tokens while we waited for the lock.
        if (current.refreshToken !== seen) return current;
        if (!force && Date.parse(current.expiresAt) - this.now() > this.marginMs) return current;
        try {
          const renewed = await this.refresher(current.refreshToken);
          this.store.save(renewed);
          this.emit(renewed);
          return renewed;
        } catch (err) {
          if (err instanceof RefreshRejected) {
            this.signOut('rejected');
            return null;
          }
          throw err;
        }
      }).finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  private emit(tokens: Tokens | null, reason?: SignOutReason): void {
    for (const listener of this.listeners) listener(tokens, reason);
  }
}

/** Tokens in localStorage, so every tab shares one session and sign-out reaches them all. */
export function localTokenStore(storage: Storage, key = 'shiliu.session'): TokenStore {
  return {
    load() {
      const raw = storage.getItem(key);
      if (!raw) return null;
      try {
        return JSON.parse(raw) as Tokens;
      } catch {
        return null;
      }
    },
    save(tokens) {
      if (tokens) storage.setItem(key, JSON.stringify(tokens));
      else storage.removeItem(key);
    },
  };
}
