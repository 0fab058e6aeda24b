// Numbers and dates as officials read them: thousands separators on exact decimal strings (the
// API's Decimal is a string; it never goes through a float here), units after the figure, and
// China time (UTC+8) whatever the browser's zone.

/** "47371.5" -> "47,371.5"; keeps the sign and every digit the API sent. */
export function groupDigits(value: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(value.trim());
  if (!m) return value;
  const [, sign, int, frac = ''] = m;
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${frac}`;
}

/** Rounds an exact decimal string to `places` (half away from zero) without floats. */
export function roundDecimal(value: string, places: number): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return value;
  const [, sign, int, frac = ''] = m;
  if (frac.length <= places) return places ? `${sign}${int}.${frac.padEnd(places, '0')}` : `${sign}${int}`;
  const digits = (int + frac.slice(0, places)).split('').map(Number);
  if (Number(frac[places]) >= 5) {
    let i = digits.length - 1;
    while (i >= 0) {
      if (digits[i] === 9) { digits[i] = 0; i -= 1; } else { digits[i] += 1; break; }
    }
    if (i < 0) digits.unshift(1);
  }
  const all = digits.join('');
  const cut = all.length - places;
  const whole = all.slice(0, cut).replace(/^0+(?=\d)/, '');
  const out = places ? `${whole}.${all.slice(cut)}` : whole;
  return /^[0.]+$/.test(out) ? out : `${sign}${out}`;
}

/** A figure with its unit: "47,371 万元", "800 场次". Empty values show as a dash. */
export function formatQuantity(value: string | null | undefined, unit = ''): string {
  if (value === null || value === undefined || value === '') return '—';
  const trimmed = value.includes('.') ? value.replace(/\.?0+$/, '') : value;
  const shown = groupDigits(trimmed);
  return unit ? `${shown} ${unit}` : shown;
}

/** A completion ratio from the API ("0.806428") as a percentage to two places: "80.64%". */
export function formatPercent(ratio: string | null | undefined): string {
  if (ratio === null || ratio === undefined || ratio === '') return '—';
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(ratio.trim());
  if (!m) return ratio;
  const [, sign, int, frac = ''] = m;
  const shifted = `${int}${frac.padEnd(2, '0').slice(0, 2)}.${frac.slice(2) || '0'}`;
  return `${sign}${groupDigits(roundDecimal(shifted.replace(/^0+(?=\d)/, ''), 2))}%`;
}

/** A ratio as a number for bars and charts (display only; never fed back to the API). */
export function ratioNumber(ratio: string | null | undefined): number {
  const n = ratio ? Number(ratio) : 0;
  return Number.isFinite(n) ? n : 0;
}

const chinaDateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as China time: "2026-12-02 08:05". */
export function formatChinaTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(chinaDateTime.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** Today's date in China (UTC+8) as YYYY-MM-DD, the date deadlines are judged by. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

const SCALE = 6;

function scaled(value: string): bigint | null {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return null;
  const [, sign, int, frac = ''] = m;
  const digits = BigInt(int + frac.slice(0, SCALE).padEnd(SCALE, '0'));
  return sign ? -digits : digits;
}

/** Exact sum of decimal strings (to six places, the API's finest); blanks count as nothing. */
export function sumDecimals(values: Array<string | null | undefined>): string {
  let total = 0n;
  for (const v of values) {
    const s = v ? scaled(v) : null;
    if (s !== null) total += s;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(SCALE + 1, '0');
  const int = digits.slice(0, -SCALE);
  const frac = digits.slice(-SCALE).replace(/0+$/, '');
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** Exact difference a − b of decimal strings. */
export function subtractDecimals(a: string, b: string): string {
  return sumDecimals([a, b.startsWith('-') ? b.slice(1) : `-${b}`]);
}

/** Compares two decimal strings exactly: -1, 0 or 1. */
export function compareDecimals(a: string, b: string): number {
  const x = scaled(a) ?? 0n;
  const y = scaled(b) ?? 0n;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether a typed figure is a plain non-negative decimal the API accepts. */
export function isDecimalInput(value: string): boolean {
  return /^\d{1,12}(\.\d{1,4})?$/.test(value.trim());
}

/** A file size as people read it: "860 B", "340 KB", "4.3 MB" (1024-based, one decimal from MB). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
