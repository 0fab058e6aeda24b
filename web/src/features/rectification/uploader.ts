// Evidence files up to the server, made for a phone on a weak link. A file up to 4 MiB goes in one
// `POST /files` (multipart, part `file`); a larger one through the resumable `/uploads`: one
// `POST /uploads` with its name and size, then `PATCH /uploads/{id}` pieces of the server's
// `chunkBytes` at `Upload-Offset`. A piece the link drops is asked about (`GET /uploads/{id}`)
// and sent again from the offset the server has, after a growing wait; a 409 names that offset
// itself. Out of tries, the upload fails with a message and `resume()` goes on from where the
// server is, so a retry never sends again what arrived. The server's refusals (413, 415, 403…)
// are ApiErrors with its message and `extensions.code`; those are not retried.
//
// The transport is a fetch-like function that may also report bytes sent: the browser's is
// XMLHttpRequest (fetch cannot tell upload progress), the unit tests' a fake server.

import { ApiError, NetworkError, toItems } from '../../api/client';

/** Files above this go through the chunked upload; the server's piece size is 4 MiB too. */
export const CHUNKED_ABOVE = 4 * 1024 * 1024;

/** The file as the server answers it. */
export interface UploadedFile {
  id: string;
  reference: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  url: string;
}

interface UploadState {
  id: string;
  offset: number;
  size: number;
  chunkBytes: number;
}

/** What the uploader needs of a file: its name, size and a way to read a part. */
export interface Source {
  name: string;
  size: number;
  slice(start: number, end: number): Blob;
}

export type Send = (url: string, init: RequestInit, onSent?: (bytes: number) => void) => Promise<Response>;

export interface UploaderOptions {
  send: Send;
  /** The bearer token; `fresh` after a 401 asks for a renewed one. */
  token: (fresh: boolean) => Promise<string | null>;
  /** Tries of one request before the upload fails (the first included). */
  tries?: number;
  /** The wait before the n-th retry (n from 1), in ms. */
  backoff?: (n: number) => number;
  sleep?: (ms: number) => Promise<void>;
  base?: string;
}

/** 1 s, 2 s, 4 s … up to 30 s, each with up to a quarter more at random so phones do not align. */
export const defaultBackoff = (n: number): number => Math.min(30_000, 1000 * 2 ** (n - 1)) * (1 + Math.random() / 4);

const wait = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

/** A status worth trying again: the link or the server, not the request. */
const transient = (status: number) => status === 408 || status === 429 || status >= 500;

/** One file's way up. `progress` is told the bytes the server has (or is receiving). */
export class Upload {
  private upload: UploadState | null = null;
  private readonly tries: number;
  private readonly backoff: (n: number) => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly base: string;
  private aborted = false;
  private controller = new AbortController();

  constructor(
    readonly source: Source,
    private readonly options: UploaderOptions,
    private readonly progress: (sent: number, total: number) => void = () => {},
  ) {
    this.tries = options.tries ?? 5;
    this.backoff = options.backoff ?? defaultBackoff;
    this.sleep = options.sleep ?? wait;
    this.base = options.base ?? '';
  }

  get chunked(): boolean {
    return this.source.size > CHUNKED_ABOVE;
  }

  /** Stops before the next request (a removed file). */
  abort(): void {
    this.aborted = true;
    this.controller.abort();
  }

  /** Sends the file (or the rest of it, on a second call after a failure). */
  async run(): Promise<UploadedFile> {
    this.aborted = false;
    this.controller = new AbortController();
    return this.chunked ? this.runChunked() : this.runWhole();
  }

  private async runWhole(): Promise<UploadedFile> {
    const res = await this.request((token) => {
      const form = new FormData();
      form.append('file', this.source.slice(0, this.source.size), this.source.name);
      return this.options.send(`${this.base}/files`, { method: 'POST', headers: auth(token), body: form, signal: this.controller.signal }, (b) => this.progress(Math.min(b, this.source.size), this.source.size));
    });
    const body = await json(res);
    this.progress(this.source.size, this.source.size);
    return body.file as UploadedFile;
  }

  private async runChunked(): Promise<UploadedFile> {
    if (!this.upload) {
      const res = await this.request((token) =>
        this.options.send(`${this.base}/uploads`, {
          method: 'POST',
          headers: { ...auth(token), 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: this.source.name, size: this.source.size }),
          signal: this.controller.signal,
        }),
      );
      this.upload = (await json(res)).upload as UploadState;
    } else {
      // A retry after a failure: the server says how much it has. One it no longer knows (expired,
      // or removed with a refused last piece) starts anew.
      try {
        await this.refreshOffset();
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 'NOT_FOUND')) throw err;
        this.upload = null;
        return this.runChunked();
      }
    }
    const up = this.upload;
    let failures = 0;
    for (;;) {
      if (this.aborted) throw new NetworkError('aborted');
      this.progress(up.offset, up.size);
      const end = Math.min(up.size, up.offset + up.chunkBytes);
      let res: Response | null = null;
      try {
        res = await this.withToken((token) =>
          this.options.send(
            `${this.base}/uploads/${encodeURIComponent(up.id)}`,
            {
              method: 'PATCH',
              headers: { ...auth(token), 'Upload-Offset': String(up.offset), 'Content-Type': 'application/offset+octet-stream' },
              body: this.source.slice(up.offset, end),
              signal: this.controller.signal,
            },
            (b) => this.progress(Math.min(end, up.offset + b), up.size),
          ),
        );
      } catch (err) {
        if (!(err instanceof NetworkError)) throw err;
      }
      if (res?.status === 409) {
        // Another offset: most often a piece that arrived while its answer was lost.
        const at = Number(res.headers.get('Upload-Offset'));
        if (Number.isFinite(at) && res.headers.get('Upload-Offset') !== null) up.offset = at;
        else await this.refreshOffset();
        failures += 1;
        if (failures >= this.tries * 2) throw new NetworkError('offset');
        continue;
      }
      if (!res || transient(res.status)) {
        failures += 1;
        if (failures >= this.tries) throw new NetworkError(res ? `HTTP ${res.status}` : 'network');
        await this.sleep(this.backoff(failures));
        // If this fails too, the next piece's 409 names the offset.
        await this.refreshOffset(true).catch(() => {});
        continue;
      }
      const body = await json(res);
      failures = 0;
      up.offset = (body.upload as UploadState).offset;
      if (body.file) {
        this.progress(up.size, up.size);
        return body.file as UploadedFile;
      }
    }
  }

  /** Asks the server where the upload stands; `once`: a single try (the next piece tries again). */
  private async refreshOffset(once = false): Promise<void> {
    const up = this.upload;
    if (!up) return;
    const make = (token: string | null) => this.options.send(`${this.base}/uploads/${encodeURIComponent(up.id)}`, { method: 'GET', headers: auth(token), signal: this.controller.signal });
    const res = once ? await this.withToken(make) : await this.request(make);
    up.offset = ((await json(res)).upload as UploadState).offset;
  }

  /** One request with the token, renewed once after a 401. */
  private async withToken(make: (token: string | null) => Promise<Response>): Promise<Response> {
    const res = await this.attempt(make, false);
    return res.status === 401 ? this.attempt(make, true) : res;
  }

  /** Sends with the token; not reaching the server is a NetworkError. */
  private async attempt(make: (token: string | null) => Promise<Response>, fresh: boolean): Promise<Response> {
    const token = await this.options.token(fresh);
    try {
      return await make(token);
    } catch (err) {
      throw err instanceof NetworkError ? err : new NetworkError(err instanceof Error ? err.message : String(err));
    }
  }

  /** A request tried again (with the backoff) while the link or the server fails. */
  private async request(make: (token: string | null) => Promise<Response>): Promise<Response> {
    for (let n = 1; ; n += 1) {
      if (this.aborted) throw new NetworkError('aborted');
      let res: Response | null = null;
      try {
        res = await this.withToken(make);
      } catch (err) {
        if (!(err instanceof NetworkError)) throw err;
      }
      if (res && !transient(res.status)) return res;
      if (n >= this.tries) throw new NetworkError(res ? `HTTP ${res.status}` : 'network');
      await this.sleep(this.backoff(n));
    }
  }
}

function auth(token: string | null): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** The JSON of a successful answer, or the server's refusal as an ApiError. */
async function json(res: Response): Promise<Record<string, unknown>> {
  let body: Record<string, unknown>;
  try {
    body = await res.json();
  } catch {
    throw new NetworkError(`HTTP ${res.status}`);
  }
  if (!res.ok || body.errors) throw new ApiError(toItems(body.errors));
  return body;
}

/** The browser's transport: XMLHttpRequest, for the bytes sent as they go. */
export const xhrSend: Send = (url, init, onSent) =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(init.method ?? 'GET', url);
    for (const [k, v] of Object.entries((init.headers as Record<string, string>) ?? {})) xhr.setRequestHeader(k, v);
    xhr.responseType = 'text';
    if (onSent) xhr.upload.onprogress = (e) => onSent(e.loaded);
    xhr.onload = () => {
      const headers = new Headers();
      for (const line of xhr.getAllResponseHeaders().trim().split(/[\r\n]+/)) {
        const at = line.indexOf(':');
        if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
      }
      resolve(new Response(xhr.status === 204 || xhr.status === 304 ? null : xhr.responseText, { status: xhr.status, headers }));
    };
    xhr.onerror = () => reject(new NetworkError('network'));
    xhr.onabort = () => reject(new NetworkError('aborted'));
    init.signal?.addEventListener('abort', () => xhr.abort());
    xhr.ontimeout = () => reject(new NetworkError('timeout'));
    xhr.send((init.body as XMLHttpRequestBodyInit | null) ?? null);
  });
