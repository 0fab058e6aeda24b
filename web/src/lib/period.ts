// Period keys as the API writes them: "2019", "2019-Q2", "2019-03".

export type Granularity = 'YEAR' | 'QUARTER' | 'MONTH';

export function periodKey(year: number, granularity: Granularity, index: number): string {
  if (granularity === 'YEAR') return String(year);
  if (granularity === 'QUARTER') return `${year}-Q${index}`;
  return `${year}-${String(index).padStart(2, '0')}`;
}

export function granularityOf(key: string): Granularity {
  if (/^\d{4}$/.test(key)) return 'YEAR';
  return key.includes('Q') ? 'QUARTER' : 'MONTH';
}

export function yearOf(key: string): number {
  return Number(key.slice(0, 4));
}

/** The last day (YYYY-MM-DD) of a period, to tell whether a missing submission is overdue. */
export function periodEnd(key: string): string {
  const year = yearOf(key);
  const g = granularityOf(key);
  const lastMonth = g === 'YEAR' ? 12 : g === 'QUARTER' ? Number(key.slice(6)) * 3 : Number(key.slice(5));
  const day = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  return `${year}-${String(lastMonth).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The twelve months of a year, for the trend chart. */
export function monthsOf(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => periodKey(year, 'MONTH', i + 1));
}

/**
 * The year a screen opens on: the campaign year holding today (China date, YYYY-MM-DD), else the
 * latest campaign year. `years` are the campaigns' years, in any order.
 */
export function defaultYear(years: number[], today: string): number | null {
  if (!years.length) return null;
  const now = yearOf(today);
  return years.includes(now) ? now : Math.max(...years);
}
