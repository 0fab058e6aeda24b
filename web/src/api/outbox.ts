// The offline outbox (IndexedDB): a batch of figures the user saved while the phone had no
// connection is kept here with the idempotency key made when save was pressed, shown as "saved on
// this phone", and sent when the connection returns. Never sent twice: one flush runs at a time
// (in this tab, and across tabs through a Web Lock), an entry leaves the outbox only once the
// server has answered, and a resend after a lost answer carries the same key, which the server
// answers with the first result instead of reporting again.

export interface OutboxLine {
  indicatorId: string;
  period: string;
  value: string;
  note: string;
}

export interface OutboxEntry {
  /** The idempotency key, made when the user pressed save. */
  key: string;
  owner: string;
  tenantId: string;
  period: string;
  lines: OutboxLine[];
  createdAt: number;
  /** Set when the server refused the batch; such an entry is not sent again by itself. */
  error?: string;
  /** The field the refusal named (`reports[3].value`), in entries kept before `errorLines`. */
  errorField?: string;
  /** What the server said about each bad line, by its index in `lines`. */
  errorLines?: Record<number, string>;
}

export type Refusal = { ok: false; offline: false; message: string; field?: string; lines?: Record<number, string> };
export type SendResult = { ok: true } | { ok: false; offline: true } | Refusal;

const STORE = 'outbox';

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** 128 random bits; getRandomValues also works on a plain-http intranet (randomUUID does not). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export class Outbox {
  private db: Promise<IDBDatabase> | null = null;
  private flushing: Promise<number> | null = null;
  private listeners = new Set<() => void>();

  constructor(
    private readonly factory: IDBFactory = indexedDB,
    private readonly name = 'shiliu',
    private readonly lock: <T>(work: () => Promise<T>) => Promise<T> = (work) => work(),
  ) {}

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private open(): Promise<IDBDatabase> {
    if (!this.db) {
      const request = this.factory.open(this.name, 1);
      request.onupgradeneeded = () => {
        const store = request.result.createObjectStore(STORE, { keyPath: 'key' });
        store.createIndex('owner', 'owner');
      };
      this.db = promised(request);
    }
    return this.db;
  }

  private async tx<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.open();
    const tx = db.transaction(STORE, mode);
    const result = promised(work(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    return result;
  }

  async add(entry: OutboxEntry): Promise<void> {
    await this.tx('readwrite', (s) => s.put(entry));
    this.changed();
  }

  /** The owner's entries, oldest first. */
  async list(owner: string): Promise<OutboxEntry[]> {
    const all = await this.tx('readonly', (s) => s.index('owner').getAll(owner) as IDBRequest<OutboxEntry[]>);
    return all.sort((a, b) => a.createdAt - b.createdAt);
  }

  async remove(key: string): Promise<void> {
    await this.tx('readwrite', (s) => s.delete(key));
    this.changed();
  }

  /**
   * Sends the owner's waiting entries in the order they were saved; stops at the first one that
   * finds no connection. Returns how many were delivered. A second call while one runs joins it.
   */
  flush(owner: string, send: (entry: OutboxEntry) => Promise<SendResult>): Promise<number> {
    if (!this.flushing) {
      this.flushing = this.lock(async () => {
        let sent = 0;
        for (const entry of await this.list(owner)) {
          if (entry.error) continue;
          const result = await send(entry);
          if (result.ok) {
            await this.remove(entry.key);
            sent += 1;
          } else if (result.offline) {
            break;
          } else {
            await this.add({ ...entry, error: result.message, errorField: result.field, errorLines: result.lines });
          }
        }
        return sent;
      }).finally(() => {
        this.flushing = null;
      });
    }
    return this.flushing;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Serialises flushes across tabs where the browser has Web Locks. */
export const outboxLock = <T>(work: () => Promise<T>): Promise<T> =>
  typeof navigator !== 'undefined' && navigator.locks
    ? (navigator.locks.request('shiliu-outbox', work) as Promise<T>)
    : work();
