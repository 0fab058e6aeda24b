// What each cell of the reporting form shows, from what the server holds, what the user typed,
// what waits in the outbox and what is being sent. Pure, so it is tested on its own.
import type { ApiErrorItem } from '../../api/client';
import type { OutboxEntry, Refusal } from '../../api/outbox';

export type CellState = 'empty' | 'saved' | 'changed' | 'saving' | 'local' | 'failed' | 'locked';

export interface Cell {
  indicatorId: string;
  value: string;
  state: CellState;
  message?: string;
}

export interface CellInputs {
  indicatorId: string;
  server: string | null;
  draft: string | undefined;
  entries: OutboxEntry[];
  sending: Set<string>;
  locked: boolean;
}

const trimZeros = (v: string) => (v.includes('.') ? v.replace(/\.?0+$/, '') : v);
export const sameFigure = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? '') !== '' && (b ?? '') !== '' ? trimZeros(a as string) === trimZeros(b as string) : (a ?? '') === (b ?? '');

/**
 * The index of the line of the list `list` that an error's `extensions.field` names:
 * "reports[3].value" is line 3 of `reports`, "allocations[2]" line 2 of `allocations`.
 */
export function lineOfField(field: string | undefined, list = 'reports'): number | null {
  const m = field ? new RegExp(`^${list}\\[(\\d+)\\]`).exec(field) : null;
  return m ? Number(m[1]) : null;
}

export interface LineMessages {
  /** The messages about each line, by its index in the list as sent. */
  lines: Record<number, string[]>;
  /** The messages that name no line of the list (the request as a whole, another argument). */
  general: string[];
}

/**
 * Sorts the API's errors onto the lines of `list` they name. An error carrying `extensions.lines`
 * stands for those lines (its own text only summarises them); several errors each name theirs.
 */
export function messagesByLine(items: ApiErrorItem[], list: string): LineMessages {
  const out: LineMessages = { lines: {}, general: [] };
  for (const item of items.flatMap((i) => (i.lines?.length ? i.lines : [i]))) {
    const line = lineOfField(item.field, list);
    if (line === null) out.general.push(item.message);
    else (out.lines[line] ??= []).push(item.message);
  }
  return out;
}

/** What the outbox keeps of a refused batch: the whole answer, and each bad line's messages. */
export function refusalOf(items: ApiErrorItem[]): Refusal {
  const { lines } = messagesByLine(items, 'reports');
  return {
    ok: false,
    offline: false,
    message: items.map((i) => i.message).join('；') || 'error',
    field: items[0]?.field,
    lines: Object.fromEntries(Object.entries(lines).map(([i, m]) => [Number(i), m.join('；')])),
  };
}

export function cellOf(input: CellInputs): Cell {
  const { indicatorId, server, draft, entries, sending, locked } = input;
  // The newest outbox entry holding this cell wins over older ones.
  let latest: { entry: OutboxEntry; index: number } | null = null;
  for (const entry of entries) {
    const index = entry.lines.findIndex((l) => l.indicatorId === indicatorId);
    if (index >= 0 && (!latest || entry.createdAt >= latest.entry.createdAt)) latest = { entry, index };
  }
  const value = draft ?? latest?.entry.lines[latest.index].value ?? server ?? '';
  if (locked) return { indicatorId, value: server ?? '', state: 'locked' };
  if (draft !== undefined && !sameFigure(draft, latest ? latest.entry.lines[latest.index].value : server)) {
    return { indicatorId, value, state: 'changed' };
  }
  if (latest) {
    if (sending.has(latest.entry.key)) return { indicatorId, value, state: 'saving' };
    if (latest.entry.error) {
      const byLine = latest.entry.errorLines;
      if (byLine && Object.keys(byLine).length) {
        return { indicatorId, value, state: 'failed', message: byLine[latest.index] };
      }
      const line = lineOfField(latest.entry.errorField);
      const mine = line === null || line === latest.index;
      return { indicatorId, value, state: 'failed', message: mine ? latest.entry.error : undefined };
    }
    return { indicatorId, value, state: 'local' };
  }
  return { indicatorId, value, state: server === null ? 'empty' : 'saved' };
}
