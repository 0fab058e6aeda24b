import { describe, expect, it } from 'vitest';
import { chinaToday, formatChinaTime, formatPercent, formatQuantity, roundDecimal, sumDecimals } from '../../src/lib/format';

describe('figures as officials read them', () => {
  it('groups thousands and puts the unit after the figure', () => {
    expect(formatQuantity('47371', '万元')).toBe('47,371 万元');
    expect(formatQuantity('123100.0000', '万元')).toBe('123,100 万元');
    expect(formatQuantity('1234567.25', '户')).toBe('1,234,567.25 户');
    expect(formatQuantity('800', '场次')).toBe('800 场次');
    expect(formatQuantity(null, '万元')).toBe('—');
  });
  it('shows a completion ratio as a percentage to two places, rounding exactly', () => {
    expect(formatPercent('0.806428')).toBe('80.64%');
    expect(formatPercent('1')).toBe('100.00%');
    expect(formatPercent('0.316649')).toBe('31.66%');
    expect(formatPercent('0.99995')).toBe('100.00%');
    expect(formatPercent('12.5')).toBe('1,250.00%');
    expect(roundDecimal('0.125', 2)).toBe('0.13');
  });
  it('adds the shares of three counties without float error', () => {
    expect(sumDecimals(['0.316649', '0.253309', '0.236484'])).toBe('0.806442');
    expect(sumDecimals(['15000', '12000', '11200', null])).toBe('38200');
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
  });
  it('reads dates in China time whatever the browser zone', () => {
    expect(formatChinaTime('2026-12-01T16:30:00Z')).toBe('2026-12-02 00:30');
    expect(chinaToday(new Date('2026-12-01T16:30:00Z'))).toBe('2026-12-02');
  });
});
