// Where the answer to saving a decomposition table goes: `saveDecomposition` names each wrong
// line by its place in the request (`indicators[1].allocations[0].quota`, `indicators[0].target`),
// and the table shows each on the cell (indicator column, child row) or column it concerns. Pure,
// so it is tested on its own.
import type { ApiErrorItem } from '../../api/client';

/** One column as sent: the indicator and the children of its quota lines, in order. */
export interface SentColumn {
  indicatorId: string;
  children: string[];
}

export interface TableErrors {
  /** Messages about one child's quota, by indicator and child tenant. */
  cells: Record<string, Record<string, string>>;
  /** Messages about a column as a whole (its own target, the indicator), by indicator. */
  columns: Record<string, string>;
  /** Messages that name no column (the period, the role, the request). */
  general: string[];
}

const PLACE = /^indicators\[(\d+)\](?:\.allocations\[(\d+)\])?/;

/** The column and line (if any) an error's `extensions.field` names, as indexes of the request. */
export function placeOfField(field: string | undefined): { column: number; line: number | null } | null {
  const m = field ? PLACE.exec(field) : null;
  if (!m) return null;
  return { column: Number(m[1]), line: m[2] === undefined ? null : Number(m[2]) };
}

/** Sorts the API's errors onto the cells and columns of the table they name. */
export function placeErrors(items: ApiErrorItem[], sent: SentColumn[]): TableErrors {
  const cells: Record<string, Record<string, string[]>> = {};
  const columns: Record<string, string[]> = {};
  const general: string[] = [];
  for (const item of items.flatMap((i) => (i.lines?.length ? i.lines : [i]))) {
    const place = placeOfField(item.field);
    const column = place ? sent[place.column] : undefined;
    if (!place || !column) {
      general.push(item.message);
      continue;
    }
    const child = place.line === null ? undefined : column.children[place.line];
    if (child === undefined) (columns[column.indicatorId] ??= []).push(item.message);
    else ((cells[column.indicatorId] ??= {})[child] ??= []).push(item.message);
  }
  const join = (m: string[]) => m.join('；');
  return {
    cells: Object.fromEntries(Object.entries(cells).map(([i, byChild]) => [i, Object.fromEntries(Object.entries(byChild).map(([c, m]) => [c, join(m)]))])),
    columns: Object.fromEntries(Object.entries(columns).map(([i, m]) => [i, join(m)])),
    general,
  };
}
