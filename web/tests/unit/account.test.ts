import { describe, expect, it } from 'vitest';
import { ApiError, Client, toItems } from '../../src/api/client';
import { blockedSignIn, checkDraft, hasErrors, minutesOf, placeErrors } from '../../src/features/account/password';

const words = { required: '请填写', passwordsDiffer: '两次输入的新密码不一致' };
const doc = { toString: () => 'query Indicators { indicators(first: 1) { totalCount } }' };

function answering(body: unknown): typeof fetch {
  return (async () => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })) as typeof fetch;
}

describe('the password form before it asks the server', () => {
  it('wants every input filled', () => {
    const e = checkDraft({ currentPassword: '', newPassword: '', repeat: '' }, words);
    expect(e.fields).toEqual({ currentPassword: '请填写', newPassword: '请填写', repeat: '请填写' });
  });
  it('puts a repeat that differs from the new password on the repeat input', () => {
    const e = checkDraft({ currentPassword: 'k7dm-x3qa-9wpe', newPassword: '石榴籽 2026 abc', repeat: '石榴籽 2026 abd' }, words);
    expect(e.fields).toEqual({ repeat: '两次输入的新密码不一致' });
  });
  it('lets a complete, matching draft through', () => {
    expect(hasErrors(checkDraft({ currentPassword: 'a', newPassword: 'b', repeat: 'b' }, words))).toBe(false);
  });
});

describe("the server's refusal of changePassword", () => {
  it('lands on the input extensions.field names', () => {
    const items = toItems([
      { message: '当前密码不正确', extensions: { code: 'BAD_USER_INPUT', field: 'currentPassword' } },
      { message: '新密码太短', extensions: { code: 'BAD_USER_INPUT', field: 'input.newPassword' } },
      { message: '服务暂时不可用', extensions: { code: 'UNAVAILABLE' } },
    ]);
    expect(placeErrors(items)).toEqual({ fields: { currentPassword: '当前密码不正确', newPassword: '新密码太短' }, general: ['服务暂时不可用'] });
  });
});

describe('a sign-in the server refuses for a while', () => {
  it('reads retryAfter and shows a locked account with its minutes, rounded up', () => {
    const [item] = toItems([{ message: '账户已锁定 / locked', extensions: { code: 'ACCOUNT_LOCKED', retryAfter: 841 } }]);
    expect(item.retryAfter).toBe(841);
    expect(blockedSignIn(item)).toEqual({ kind: 'locked', message: '账户已锁定 / locked', minutes: 15 });
  });
  it('tells throttling apart from a lock, and a wrong password from both', () => {
    expect(blockedSignIn({ message: 'too many attempts', code: 'RATE_LIMITED', retryAfter: 30 })?.kind).toBe('throttled');
    expect(blockedSignIn({ message: '用户名或密码错误', code: 'UNAUTHENTICATED' })).toBeNull();
  });
  it('never shows zero minutes, and no minutes without retryAfter', () => {
    expect(minutesOf(1)).toBe(1);
    expect(minutesOf(60)).toBe(1);
    expect(minutesOf(61)).toBe(2);
    expect(minutesOf(undefined)).toBeNull();
    expect(toItems([{ message: 'x', extensions: { code: 'ACCOUNT_LOCKED', retryAfter: 'soon' } }])[0].retryAfter).toBeUndefined();
  });
});

describe('an answer saying the password must be changed first', () => {
  it('is told to the portal, and still fails as an ApiError', async () => {
    const client = new Client({ fetch: answering({ errors: [{ message: '请先修改密码', extensions: { code: 'PASSWORD_CHANGE_REQUIRED' } }] }) });
    let told = 0;
    client.onPasswordChangeRequired = () => { told += 1; };
    const err = await client.request(doc, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(told).toBe(1);
  });
  it('is not told for other errors or for data', async () => {
    let told = 0;
    const refused = new Client({ fetch: answering({ errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] }) });
    refused.onPasswordChangeRequired = () => { told += 1; };
    await refused.request(doc, {}).catch(() => null);
    const fine = new Client({ fetch: answering({ data: { indicators: { totalCount: 1 } } }) });
    fine.onPasswordChangeRequired = () => { told += 1; };
    expect(await fine.request(doc, {})).toEqual({ indicators: { totalCount: 1 } });
    expect(told).toBe(0);
  });
});
