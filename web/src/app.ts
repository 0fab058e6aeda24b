// The client's shared state: one GraphQL client, the session and the outbox, the signed-in
// caller (`me`, with whether a reset password must be changed first) and whether the browser is
// online.
import { reactive } from 'vue';
import { ApiError, Client, refresherFor, toTokens } from './api/client';
import { Outbox, outboxLock } from './api/outbox';
import { Session, browserLock, localTokenStore, type SignOutReason } from './api/session';
import { LoginDocument, LogoutDocument, MeDocument, RefreshDocument, type MeQuery } from './gql/graphql';
import { locale } from './lib/i18n';

export type Me = MeQuery['me'];

export const client = new Client({ locale: () => locale.value });
export const session = new Session(localTokenStore(localStorage), refresherFor(client, RefreshDocument), { lock: browserLock });
client.session = session;
export const outbox = new Outbox(indexedDB, 'shiliu', outboxLock);

export const state = reactive({
  me: null as Me | null,
  online: navigator.onLine,
  signedOutReason: null as SignOutReason | null,
});

window.addEventListener('online', () => (state.online = true));
window.addEventListener('offline', () => (state.online = false));
// Another tab signed in, refreshed or signed out.
window.addEventListener('storage', (e) => {
  if (e.key === 'shiliu.session') session.reload();
});
session.onChange((tokens, reason) => {
  if (!tokens) {
    state.me = null;
    if (reason === 'rejected') state.signedOutReason = reason;
  }
});

// Any answer saying the password must be changed first (another tab signed in with a one-time
// password, say) sends the portal to the change screen (App.vue watches this flag).
client.onPasswordChangeRequired = () => {
  if (state.me && !state.me.user.mustChangePassword) state.me.user.mustChangePassword = true;
};

export const hasRole = (role: string) => state.me?.roles.includes(role as never) ?? false;

/** Loads the caller; keeps the last one known when offline so a phone can still enter figures. */
export async function loadMe(): Promise<Me | null> {
  if (!session.tokens) return null;
  try {
    const data = await client.request(MeDocument, {});
    state.me = data.me;
    localStorage.setItem('shiliu.me', JSON.stringify(data.me));
  } catch (err) {
    if (err instanceof ApiError) {
      session.signOut(err.code === 'UNAUTHENTICATED' ? 'rejected' : 'user');
      return null;
    }
    const cached = localStorage.getItem('shiliu.me');
    state.me = cached ? (JSON.parse(cached) as Me) : null;
  }
  return state.me;
}

export async function signIn(username: string, password: string): Promise<void> {
  const data = await client.request(LoginDocument, { username, password }, true);
  state.signedOutReason = null;
  session.signIn(toTokens(data.login));
  await loadMe();
  if (state.me && data.login.mustChangePassword) state.me.user.mustChangePassword = true;
}

/** The reset password was changed: every screen opens again. */
export function passwordChanged(): void {
  if (!state.me) return;
  state.me.user.mustChangePassword = false;
  localStorage.setItem('shiliu.me', JSON.stringify(state.me));
}

/** Whether the caller must change a reset password before anything else. */
export const mustChangePassword = (): boolean => state.me?.user.mustChangePassword ?? false;

export async function signOut(): Promise<void> {
  try {
    await client.request(LogoutDocument, {});
  } catch {
    // Signed out locally whatever the server says; the access token dies at its expiry.
  }
  localStorage.removeItem('shiliu.me');
  session.signOut('user');
}

/** Where a user lands: reporters report, everyone else reads the dashboard of their home. */
export function homeRoute(me: Me): string {
  if (me.roles.includes('REPORTER') && !me.roles.includes('ADMIN')) return '/report';
  return `/dashboard/${me.tenant.id}`;
}
