// The rules of the account screens that are not layout: what the password form checks before it
// asks the server, where the server's refusals go (`extensions.field` names the input), and what a
// locked or throttled sign-in tells the user. Pure, so it is tested on its own.
import type { ApiErrorItem } from '../../api/client';

export interface PasswordDraft {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

export type PasswordField = keyof PasswordDraft;

/** Messages by input, and those that name none of them. */
export interface FormErrors {
  fields: Partial<Record<PasswordField, string>>;
  general: string[];
}

export interface Words {
  required: string;
  passwordsDiffer: string;
}

/** What the form can tell without the server: blanks, and a repeat that is not the new one. */
export function checkDraft(draft: PasswordDraft, words: Words): FormErrors {
  const fields: FormErrors['fields'] = {};
  if (!draft.currentPassword) fields.currentPassword = words.required;
  if (!draft.newPassword) fields.newPassword = words.required;
  if (!draft.repeat) fields.repeat = words.required;
  else if (draft.newPassword && draft.repeat !== draft.newPassword) fields.repeat = words.passwordsDiffer;
  return { fields, general: [] };
}

export const hasErrors = (e: FormErrors): boolean => e.general.length > 0 || Object.keys(e.fields).length > 0;

/** The input an API field names: `currentPassword`, `input.newPassword`, … */
function inputOf(field: string | undefined): PasswordField | null {
  const last = field?.split('.').pop();
  return last === 'currentPassword' || last === 'newPassword' ? last : null;
}

/** Sorts the server's refusal of `changePassword` onto the inputs it names. */
export function placeErrors(items: ApiErrorItem[]): FormErrors {
  const fields: FormErrors['fields'] = {};
  const general: string[] = [];
  for (const item of items) {
    const input = inputOf(item.field);
    if (input) fields[input] = fields[input] ? `${fields[input]}；${item.message}` : item.message;
    else general.push(item.message);
  }
  return { fields, general };
}

/** Whole minutes until `retryAfter` seconds have passed (at least one). */
export function minutesOf(retryAfter: number | undefined): number | null {
  if (retryAfter === undefined || !Number.isFinite(retryAfter) || retryAfter < 0) return null;
  return Math.max(1, Math.ceil(retryAfter / 60));
}

/** A sign-in the server refused for a while: the account locked, or too many tries. */
export interface Blocked {
  kind: 'locked' | 'throttled';
  message: string;
  minutes: number | null;
}

export function blockedSignIn(item: ApiErrorItem | undefined): Blocked | null {
  if (!item) return null;
  if (item.code === 'ACCOUNT_LOCKED') return { kind: 'locked', message: item.message, minutes: minutesOf(item.retryAfter) };
  if (item.code === 'RATE_LIMITED') return { kind: 'throttled', message: item.message, minutes: minutesOf(item.retryAfter) };
  return null;
}
