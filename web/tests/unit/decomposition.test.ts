import { describe, expect, it } from 'vitest';
import { toItems } from '../../src/api/client';
import { placeErrors, placeOfField } from '../../src/features/decomposition/errors';
import { filenameOf } from '../../src/lib/download';

const sent = [
  { indicatorId: 'i7', children: ['t1', 't2'] },
  { indicatorId: 'i9', children: ['t3', 't1', 't2'] },
];

describe('the errors of a saved decomposition table on the cells they name', () => {
  it('reads the column and the line of a field', () => {
    expect(placeOfField('indicators[1].allocations[2].quota')).toEqual({ column: 1, line: 2 });
    expect(placeOfField('indicators[0].allocations[0]')).toEqual({ column: 0, line: 0 });
    expect(placeOfField('indicators[3].target')).toEqual({ column: 3, line: null });
    expect(placeOfField('indicators[12]')).toEqual({ column: 12, line: null });
    expect(placeOfField('allocations[1].quota')).toBeNull();
    expect(placeOfField('period')).toBeNull();
    expect(placeOfField(undefined)).toBeNull();
  });

  it('puts every line of extensions.lines on its cell or column, in another indicator too', () => {
    const items = toItems([
      {
        message: '4 处有误 / 4 lines are wrong — …',
        extensions: {
          code: 'BAD_USER_INPUT',
          field: 'indicators[0].allocations[1].quota',
          lines: [
            { field: 'indicators[0].allocations[1].quota', code: 'BAD_USER_INPUT', message: '寨沙镇 的本级目标 10 低于配额 20' },
            { field: 'indicators[1].allocations[0].tenantId', code: 'BAD_USER_INPUT', message: '不是本级的直接下级' },
            { field: 'indicators[1].allocations[0].quota', code: 'BAD_USER_INPUT', message: '超出范围' },
            { field: 'indicators[1].target', code: 'BAD_USER_INPUT', message: '目标低于配额' },
            { field: 'indicators[1].allocations[2]', code: 'NOT_FOUND', message: 'tenant not found' },
          ],
        },
      },
    ]);
    expect(placeErrors(items, sent)).toEqual({
      cells: { i7: { t2: '寨沙镇 的本级目标 10 低于配额 20' }, i9: { t3: '不是本级的直接下级；超出范围', t2: 'tenant not found' } },
      columns: { i9: '目标低于配额' },
      general: [],
    });
  });

  it('keeps a single error on its cell, and what names no column general', () => {
    const one = toItems([{ message: 'quota too large', extensions: { code: 'BAD_USER_INPUT', field: 'indicators[1].allocations[1].quota' } }]);
    expect(placeErrors(one, sent)).toEqual({ cells: { i9: { t1: 'quota too large' } }, columns: {}, general: [] });
    const other = toItems([
      { message: '期间有误', extensions: { code: 'BAD_USER_INPUT', field: 'period' } },
      { message: 'forbidden', extensions: { code: 'FORBIDDEN' } },
      { message: '同一指标出现两次', extensions: { code: 'BAD_USER_INPUT', field: 'indicators[5].indicatorId' } },
      { message: 'line beyond the sent ones', extensions: { code: 'BAD_USER_INPUT', field: 'indicators[0].allocations[9].quota' } },
    ]);
    expect(placeErrors(other, sent)).toEqual({
      cells: {},
      columns: { i7: 'line beyond the sent ones' },
      general: ['期间有误', 'forbidden', '同一指标出现两次'],
    });
  });
});

describe('the name of a downloaded file', () => {
  it('prefers the UTF-8 name of RFC 6266, else the plain one, else the fallback', () => {
    const h = "attachment; filename=\"decomposition-450223-2019.xlsx\"; filename*=UTF-8''%E4%BB%BB%E5%8A%A1%E5%88%86%E8%A7%A3%E8%A1%A8-%E9%B9%BF%E5%AF%A8%E5%8E%BF-2019.xlsx";
    expect(filenameOf(h, 'x.xlsx')).toBe('任务分解表-鹿寨县-2019.xlsx');
    expect(filenameOf('attachment; filename="a.xlsx"', 'x.xlsx')).toBe('a.xlsx');
    expect(filenameOf("attachment; filename*=UTF-8''%E4%ZZ", 'x.xlsx')).toBe('x.xlsx');
    expect(filenameOf(null, 'x.xlsx')).toBe('x.xlsx');
  });
});
