import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Outbox, newIdempotencyKey, type OutboxEntry, type SendResult } from '../../src/api/outbox';
import { toItems } from '../../src/api/client';
import { cellOf, refusalOf } from '../../src/features/reporting/cells';

let n = 0;
const entry = (value: string, createdAt = Date.now()): OutboxEntry => ({
  key: newIdempotencyKey(), owner: 'zhaisha.reporter', tenantId: '42', period: '2021-03', createdAt,
  lines: [{ indicatorId: '1', period: '2021-03', value, note: '' }],
});
const fresh = () => new Outbox(indexedDB, `test-${(n += 1)}`);

describe('the offline outbox', () => {
  it('keeps what was saved without a connection and sends it when the connection returns', async () => {
    const box = fresh();
    await box.add(entry('7'));
    const offline = await box.flush('zhaisha.reporter', async () => ({ ok: false, offline: true }));
    expect(offline).toBe(0);
    expect(await box.list('zhaisha.reporter')).toHaveLength(1);
    const sent: string[] = [];
    expect(await box.flush('zhaisha.reporter', async (e) => { sent.push(e.key); return { ok: true }; })).toBe(1);
    expect(await box.list('zhaisha.reporter')).toHaveLength(0);
    expect(sent).toHaveLength(1);
  });
  it('never sends an entry twice when flushes overlap, and sends in the order saved', async () => {
    const box = fresh();
    const first = entry('1', 1);
    const second = entry('2', 2);
    await box.add(second);
    await box.add(first);
    const sent: string[] = [];
    const send = async (e: OutboxEntry): Promise<SendResult> => { sent.push(e.key); await new Promise((ok) => setTimeout(ok, 5)); return { ok: true }; };
    await Promise.all([box.flush('zhaisha.reporter', send), box.flush('zhaisha.reporter', send), box.flush('zhaisha.reporter', send)]);
    expect(sent).toEqual([first.key, second.key]);
  });
  it("keeps a refused batch with the server's message and does not resend it by itself", async () => {
    const box = fresh();
    await box.add(entry('5'));
    await box.flush('zhaisha.reporter', async () => ({ ok: false, offline: false, message: '已上报锁定', field: 'reports[0].period' }));
    const [kept] = await box.list('zhaisha.reporter');
    expect(kept.error).toBe('已上报锁定');
    let calls = 0;
    await box.flush('zhaisha.reporter', async () => { calls += 1; return { ok: true }; });
    expect(calls).toBe(0);
    const cell = cellOf({ indicatorId: '1', server: null, draft: undefined, entries: [kept], sending: new Set(), locked: false });
    expect(cell).toMatchObject({ state: 'failed', message: '已上报锁定', value: '5' });
  });
  it("keeps each user's entries apart on a shared phone", async () => {
    const box = fresh();
    await box.add(entry('3'));
    expect(await box.list('zhaisha.viewer')).toHaveLength(0);
  });
  it('shows a waiting entry as saved on this phone, and a new edit as changed', () => {
    const waiting = entry('9');
    const base = { indicatorId: '1', server: '4', entries: [waiting], sending: new Set<string>(), locked: false };
    expect(cellOf({ ...base, draft: undefined })).toMatchObject({ state: 'local', value: '9' });
    expect(cellOf({ ...base, draft: '10' })).toMatchObject({ state: 'changed', value: '10' });
    expect(cellOf({ ...base, draft: undefined, sending: new Set([waiting.key]) }).state).toBe('saving');
    expect(cellOf({ ...base, draft: undefined, entries: [] })).toMatchObject({ state: 'saved', value: '4' });
    expect(cellOf({ ...base, draft: undefined, locked: true }).state).toBe('locked');
  });
  it("keeps every bad line's message of a refused batch and shows each on its own cell", async () => {
    const box = fresh();
    const batch: OutboxEntry = {
      ...entry('x'),
      lines: ['1', '2', '3', '4'].map((indicatorId, i) => ({ indicatorId, period: '2021-03', value: ['-1', '5', '1e9', '7'][i], note: '' })),
    };
    await box.add(batch);
    // The API's two shapes: one error per bad line, or one error with extensions.lines.
    const perLine = toItems([
      { message: '不能为负数 / must not be negative', extensions: { code: 'BAD_USER_INPUT', field: 'reports[0].value' } },
      { message: '超出上限 / too large', extensions: { code: 'BAD_USER_INPUT', field: 'reports[2].value' } },
    ]);
    const oneWithLines = toItems([{
      message: '2 处有误 / 2 lines are wrong',
      extensions: {
        code: 'BAD_USER_INPUT', field: 'reports[0].value',
        lines: [
          { field: 'reports[0].value', code: 'BAD_USER_INPUT', message: '不能为负数 / must not be negative' },
          { field: 'reports[2].value', code: 'BAD_USER_INPUT', message: '超出上限 / too large' },
        ],
      },
    }]);
    for (const items of [perLine, oneWithLines]) {
      await box.flush('zhaisha.reporter', async () => refusalOf(items));
      const [kept] = await box.list('zhaisha.reporter');
      expect(kept.errorLines).toEqual({ 0: '不能为负数 / must not be negative', 2: '超出上限 / too large' });
      const cell = (indicatorId: string) => cellOf({ indicatorId, server: null, draft: undefined, entries: [kept], sending: new Set(), locked: false });
      expect(cell('1')).toMatchObject({ state: 'failed', message: '不能为负数 / must not be negative', value: '-1' });
      expect(cell('2')).toMatchObject({ state: 'failed', value: '5' });
      expect(cell('2').message).toBeUndefined();
      expect(cell('3')).toMatchObject({ state: 'failed', message: '超出上限 / too large' });
      expect(cell('4').message).toBeUndefined();
      // Cleared so the next shape is sent again.
      await box.add({ ...batch });
    }
  });
  it('shows a refusal that names no line on every cell of the batch', () => {
    const refused = refusalOf(toItems([{ message: '期间已锁定', extensions: { code: 'CONFLICT' } }]));
    expect(refused.lines).toEqual({});
    const kept: OutboxEntry = { ...entry('3'), error: refused.message, errorField: refused.field, errorLines: refused.lines };
    expect(cellOf({ indicatorId: '1', server: null, draft: undefined, entries: [kept], sending: new Set(), locked: false }))
      .toMatchObject({ state: 'failed', message: '期间已锁定' });
  });
});
