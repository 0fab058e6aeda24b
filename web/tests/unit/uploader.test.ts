import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '../../src/api/client';
import { CHUNKED_ABOVE, Upload, type Send } from '../../src/features/rectification/uploader';

const MiB = 1024 * 1024;
const CHUNK = 4 * MiB;

/** Bytes 0..n-1 with a pattern, so a piece sent at the wrong place shows in the result. */
function source(size: number, name = 'photo.jpg'): Blob & { name: string } {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 1) bytes[i] = (i * 7 + (i >> 12)) & 0xff;
  return Object.assign(new Blob([bytes]), { name });
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

/**
 * A fake of the server's /files and /uploads: keeps what arrived, answers like the server.
 * `script(n, method)` may break the n-th request: 'drop' (the link fails before it arrives),
 * 'lose-answer' (it arrives, the answer does not), or a status to answer instead.
 */
function fakeServer(script: (n: number, method: string, url: string) => 'drop' | 'lose-answer' | number | undefined = () => undefined) {
  const log: string[] = [];
  const tokens: Array<string | null> = [];
  let received = new Uint8Array(0);
  let size = 0;
  let n = 0;
  let whole: Blob | null = null;
  let known = false;
  const file = (name: string) => ({ id: '9', reference: 'file:9', name, contentType: 'image/jpeg', size, sha256: 'x', url: '/files/9?link=t' });
  const send: Send = async (url, init) => {
    n += 1;
    const method = init.method ?? 'GET';
    const path = new URL(url, 'http://x').pathname;
    const headers = (init.headers ?? {}) as Record<string, string>;
    tokens.push(headers.Authorization ?? null);
    const offsetSent = headers['Upload-Offset'];
    log.push(`${method} ${path}${offsetSent !== undefined ? ` @${offsetSent}` : ''}`);
    const what = script(n, method, path);
    if (what === 'drop') throw new TypeError('Failed to fetch');
    if (typeof what === 'number') return json(what, { errors: [{ message: `服务器错误 ${what}`, extensions: { code: what === 401 ? 'UNAUTHENTICATED' : 'INTERNAL_SERVER_ERROR' } }] });
    const upload = () => ({ id: 'u1', name: 'big.jpg', size, offset: received.length, chunkBytes: CHUNK, expiresAt: '2026-12-09T00:00:00Z' });
    let res: Response;
    if (method === 'POST' && path === '/files') {
      whole = (init.body as FormData).get('file') as Blob;
      size = whole.size;
      res = json(201, { file: file('photo.jpg') });
    } else if (method === 'POST' && path === '/uploads') {
      size = JSON.parse(init.body as string).size;
      known = true;
      res = json(201, { upload: upload() });
    } else if (!known) {
      return json(404, { errors: [{ message: '上传不存在或已过期', extensions: { code: 'NOT_FOUND' } }] });
    } else if (method === 'GET') {
      res = json(200, { upload: upload() }, { 'Upload-Offset': String(received.length) });
    } else {
      const at = Number(offsetSent);
      if (at !== received.length) return json(409, { errors: [{ message: '偏移不符', extensions: { code: 'CONFLICT' } }] }, { 'Upload-Offset': String(received.length) });
      const piece = new Uint8Array(await (init.body as Blob).arrayBuffer());
      if (piece.length > CHUNK) return json(413, { errors: [{ message: '过大', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      const next = new Uint8Array(received.length + piece.length);
      next.set(received);
      next.set(piece, received.length);
      received = next;
      const done = received.length === size;
      res = json(200, done ? { upload: upload(), file: file('big.jpg') } : { upload: upload() }, { 'Upload-Offset': String(received.length) });
    }
    if (what === 'lose-answer') throw new TypeError('network changed');
    return res;
  };
  /** The server forgets the upload (it expired). */
  const expire = () => {
    known = false;
    received = new Uint8Array(0);
  };
  return { send, log, tokens, expire, received: () => received, whole: () => whole };
}

const same = async (a: Uint8Array, b: Blob) => {
  const want = new Uint8Array(await b.arrayBuffer());
  expect(a.length).toBe(want.length);
  expect(Buffer.compare(Buffer.from(a), Buffer.from(want))).toBe(0);
};

function uploader(file: Blob & { name: string }, send: Send, extra: { sleeps?: number[]; progress?: Array<[number, number]>; token?: (fresh: boolean) => Promise<string | null> } = {}) {
  return new Upload(
    file,
    {
      send,
      token: extra.token ?? (async () => 'tok'),
      tries: 4,
      backoff: (n) => 100 * 2 ** (n - 1),
      sleep: async (ms) => {
        extra.sleeps?.push(ms);
      },
    },
    (sent, total) => extra.progress?.push([sent, total]),
  );
}

describe('the evidence uploader', () => {
  it('sends a file up to 4 MiB in one POST /files and answers its reference', async () => {
    const server = fakeServer();
    const photo = source(CHUNKED_ABOVE, 'IMG_0001.jpg');
    const progress: Array<[number, number]> = [];
    const up = uploader(photo, server.send, { progress });
    expect(up.chunked).toBe(false);
    const file = await up.run();
    expect(file.reference).toBe('file:9');
    expect(server.log).toEqual(['POST /files']);
    expect(server.tokens).toEqual(['Bearer tok']);
    expect(progress.at(-1)).toEqual([CHUNKED_ABOVE, CHUNKED_ABOVE]);
    expect((server.whole() as File).name).toBe('IMG_0001.jpg');
  });

  it('sends a larger file in pieces of chunkBytes, each at the offset the server has', async () => {
    const server = fakeServer();
    const big = source(9 * MiB + 123, 'big.jpg');
    const progress: Array<[number, number]> = [];
    const file = await uploader(big, server.send, { progress }).run();
    expect(file.reference).toBe('file:9');
    expect(server.log).toEqual(['POST /uploads', `PATCH /uploads/u1 @0`, `PATCH /uploads/u1 @${CHUNK}`, `PATCH /uploads/u1 @${2 * CHUNK}`]);
    await same(server.received(), big);
    expect(progress.at(-1)).toEqual([big.size, big.size]);
    expect(progress.map(([s]) => s)).toEqual([...progress.map(([s]) => s)].sort((a, b) => a - b));
  });

  it('after a dropped piece waits, asks the server for its offset and resumes from there', async () => {
    // The second piece never arrives; the link is back for the status request.
    const server = fakeServer((n) => (n === 3 ? 'drop' : undefined));
    const sleeps: number[] = [];
    const big = source(9 * MiB, 'big.jpg');
    await uploader(big, server.send, { sleeps }).run();
    expect(server.log).toEqual([
      'POST /uploads', 'PATCH /uploads/u1 @0', `PATCH /uploads/u1 @${CHUNK}`, 'GET /uploads/u1', `PATCH /uploads/u1 @${CHUNK}`, `PATCH /uploads/u1 @${2 * CHUNK}`,
    ]);
    expect(sleeps).toEqual([100]);
    await same(server.received(), big);
  });

  it('a piece that arrived while its answer was lost is not sent twice: the offset comes from the server', async () => {
    const server = fakeServer((n) => (n === 2 ? 'lose-answer' : undefined));
    const big = source(6 * MiB, 'big.jpg');
    await uploader(big, server.send).run();
    expect(server.log).toEqual(['POST /uploads', 'PATCH /uploads/u1 @0', 'GET /uploads/u1', `PATCH /uploads/u1 @${CHUNK}`]);
    await same(server.received(), big);
  });

  it('on a 409 continues from the Upload-Offset the server names, without waiting', async () => {
    // The status request fails too, so the client still believes 0 and sends there again: 409.
    const server = fakeServer((n, method) => (n === 2 ? 'lose-answer' : n === 3 && method === 'GET' ? 'drop' : undefined));
    const sleeps: number[] = [];
    const big = source(6 * MiB, 'big.jpg');
    await uploader(big, server.send, { sleeps }).run();
    expect(server.log).toEqual(['POST /uploads', 'PATCH /uploads/u1 @0', 'GET /uploads/u1', 'PATCH /uploads/u1 @0', `PATCH /uploads/u1 @${CHUNK}`]);
    expect(sleeps).toEqual([100]);
    await same(server.received(), big);
  });

  it('retries a 503 with a growing wait, then fails; a retry resumes where the server is', async () => {
    let down = false;
    const server = fakeServer((n, method) => {
      if (n === 3) down = true;
      return down && method === 'PATCH' ? 503 : undefined;
    });
    const sleeps: number[] = [];
    const big = source(9 * MiB, 'big.jpg');
    const up = uploader(big, server.send, { sleeps });
    await expect(up.run()).rejects.toBeInstanceOf(NetworkError);
    expect(sleeps).toEqual([100, 200, 400]);
    expect(server.received().length).toBe(CHUNK);
    down = false;
    server.log.length = 0;
    await up.run();
    // 重试: no new upload, the status first, then only what is missing.
    expect(server.log).toEqual(['GET /uploads/u1', `PATCH /uploads/u1 @${CHUNK}`, `PATCH /uploads/u1 @${2 * CHUNK}`]);
    await same(server.received(), big);
  });

  it('a retry of an upload the server no longer has (expired) starts a new one', async () => {
    const server = fakeServer((n) => (n === 3 ? 'drop' : undefined));
    const big = source(6 * MiB, 'big.jpg');
    const up = new Upload(big, { send: server.send, token: async () => 'tok', tries: 1, sleep: async () => {} });
    await expect(up.run()).rejects.toBeInstanceOf(NetworkError);
    server.expire();
    server.log.length = 0;
    await up.run();
    expect(server.log).toEqual(['GET /uploads/u1', 'POST /uploads', 'PATCH /uploads/u1 @0', `PATCH /uploads/u1 @${CHUNK}`]);
    await same(server.received(), big);
  });

  it('retries a one-shot upload the link dropped', async () => {
    const server = fakeServer((n) => (n === 1 ? 'drop' : undefined));
    const sleeps: number[] = [];
    await uploader(source(1000), server.send, { sleeps }).run();
    expect(server.log).toEqual(['POST /files', 'POST /files']);
    expect(sleeps).toEqual([100]);
  });

  it("does not retry the server's refusal: its message and code as an ApiError", async () => {
    const server = fakeServer();
    const refuse: Send = async (url, init) =>
      new URL(url, 'http://x').pathname === '/files'
        ? json(415, { errors: [{ message: '只接受 JPEG、PNG、PDF、Word 或 Excel 文件', extensions: { code: 'BAD_USER_INPUT' } }] })
        : server.send(url, init);
    const err = await uploader(source(1000, 'x.gif'), refuse).run().catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toMatch(/只接受/);
    expect((err as ApiError).code).toBe('BAD_USER_INPUT');
  });

  it('renews the token once after a 401 and sends the piece again', async () => {
    const server = fakeServer((n) => (n === 2 ? 401 : undefined));
    const asked: boolean[] = [];
    const token = async (fresh: boolean) => {
      asked.push(fresh);
      return fresh ? 'new' : 'old';
    };
    const big = source(5 * MiB, 'big.jpg');
    await uploader(big, server.send, { token }).run();
    expect(server.log).toEqual(['POST /uploads', 'PATCH /uploads/u1 @0', 'PATCH /uploads/u1 @0', `PATCH /uploads/u1 @${CHUNK}`]);
    expect(server.tokens[2]).toBe('Bearer new');
    expect(asked.filter((f) => f)).toHaveLength(1);
    await same(server.received(), big);
  });
});
