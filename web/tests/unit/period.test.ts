import { describe, expect, it } from 'vitest';
import { defaultYear } from '../../src/lib/period';

describe('the period a dashboard opens on', () => {
  it('is the campaign year holding today', () => {
    expect(defaultYear([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027], '2026-12-03')).toBe(2026);
    expect(defaultYear([2019, 2020, 2021], '2020-01-01')).toBe(2020);
  });
  it('is the latest campaign year when no campaign holds today', () => {
    expect(defaultYear([2021, 2019, 2020], '2026-12-03')).toBe(2021);
    expect(defaultYear([2030, 2031], '2026-12-03')).toBe(2031);
  });
  it('is none without campaigns', () => {
    expect(defaultYear([], '2026-12-03')).toBeNull();
  });
});
