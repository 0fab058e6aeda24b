import { describe, expect, it } from 'vitest';
import { toItems } from '../../src/api/client';
import { lineOfField, messagesByLine } from '../../src/features/reporting/cells';

describe('errors on the lines they name', () => {
  it('reads the line index of a field in the list asked for, and no other', () => {
    expect(lineOfField('reports[3].value')).toBe(3);
    expect(lineOfField('allocations[2]', 'allocations')).toBe(2);
    expect(lineOfField('allocations[12].quota', 'allocations')).toBe(12);
    expect(lineOfField('allocations[2].quota')).toBeNull();
    expect(lineOfField('reports[1].value', 'allocations')).toBeNull();
    expect(lineOfField('period', 'allocations')).toBeNull();
    expect(lineOfField(undefined, 'allocations')).toBeNull();
  });

  it('puts each line of extensions.lines on its own line, not the summary', () => {
    const items = toItems([
      {
        message: '2 处有误 / 2 lines are wrong — allocations[0].quota: …; allocations[2].tenantId: …',
        extensions: {
          code: 'BAD_USER_INPUT',
          field: 'allocations[0].quota',
          lines: [
            { field: 'allocations[0].quota', code: 'BAD_USER_INPUT', message: '融水 的本级目标 10 低于配额 20' },
            { field: 'allocations[2].tenantId', code: 'BAD_USER_INPUT', message: '重复出现' },
          ],
        },
      },
    ]);
    expect(items[0].lines).toHaveLength(2);
    expect(messagesByLine(items, 'allocations')).toEqual({
      lines: { 0: ['融水 的本级目标 10 低于配额 20'], 2: ['重复出现'] },
      general: [],
    });
  });

  it('maps several errors each to the line its field names, and keeps the rest general', () => {
    const items = toItems([
      { message: 'quota too large', extensions: { code: 'BAD_USER_INPUT', field: 'allocations[1].quota' } },
      { message: 'tenant not found', extensions: { code: 'NOT_FOUND', field: 'allocations[3]' } },
      { message: 'also wrong', extensions: { code: 'BAD_USER_INPUT', field: 'allocations[1].tenantId' } },
      { message: '期间不在创建周期内', extensions: { code: 'BAD_USER_INPUT', field: 'period' } },
      { message: 'forbidden', extensions: { code: 'FORBIDDEN' } },
    ]);
    expect(messagesByLine(items, 'allocations')).toEqual({
      lines: { 1: ['quota too large', 'also wrong'], 3: ['tenant not found'] },
      general: ['期间不在创建周期内', 'forbidden'],
    });
  });
});
