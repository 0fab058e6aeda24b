// GraphiQL as served by the binary at /graphiql, with a sign-in bar that fills the
// Authorization header and renews it before the access token expires.
import { createElement as h, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/graphiql.css';
import './signin.css';

const LOGIN = `mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken refreshToken expiresAt user { username } } }`;
const REFRESH = `mutation Refresh($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken expiresAt user { username } } }`;
const DEFAULT_QUERY = `# 先在上方登录，Authorization 请求头会自动填好。
# Sign in above; the Authorization header is filled in for you.
{ me { user { username displayName } tenant { name levelLabel } roles } }
`;

// Where GraphiQL is served (development), the server runs what it sends even when it runs only
// trusted documents otherwise (graphql.documents = "trusted").
const FROM_GRAPHIQL = { 'X-Shiliu-Client': 'graphiql' };

interface Auth { accessToken: string; refreshToken: string; expiresAt: string; user: { username: string } }

async function call(query: string, variables: Record<string, string>): Promise<Auth> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...FROM_GRAPHIQL },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors?.length) throw new Error(body.errors[0].message);
  return body.data.login ?? body.data.refreshSession;
}

const headersFor = (auth: Auth | null) =>
  auth ? JSON.stringify({ Authorization: `Bearer ${auth.accessToken}` }, null, 2) : '';

function SignIn(props: { auth: Auth | null; onAuth: (a: Auth | null) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    try {
      props.onAuth(await call(LOGIN, { u: username, p: password }));
      setPassword('');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  if (props.auth) {
    return h('div', { className: 'signin' },
      h('span', null, `已登录 Signed in: ${props.auth.user.username}（令牌自动续期 token renewed automatically）`),
      h('button', { type: 'button', onClick: () => props.onAuth(null) }, '退出 Sign out'));
  }
  return h('form', { className: 'signin', onSubmit: submit },
    h('strong', null, '石榴 GraphiQL'),
    h('input', { placeholder: '用户名 username', value: username, autoComplete: 'username', onChange: (e: { target: HTMLInputElement }) => setUsername(e.target.value) }),
    h('input', { placeholder: '密码 password', type: 'password', value: password, autoComplete: 'current-password', onChange: (e: { target: HTMLInputElement }) => setPassword(e.target.value) }),
    h('button', { type: 'submit' }, '登录 Sign in'),
    error ? h('span', { className: 'error', role: 'alert' }, error) : null);
}

const fetcher = createGraphiQLFetcher({ url: '/graphql', headers: FROM_GRAPHIQL });

function App() {
  const [auth, setAuth] = useState<Auth | null>(null);
  const onAuth = useCallback((a: Auth | null) => setAuth(a), []);
  useEffect(() => {
    if (!auth) return;
    // Renew a minute before expiry; the header editor follows.
    const wait = Math.max(5_000, Date.parse(auth.expiresAt) - Date.now() - 60_000);
    const timer = setTimeout(() => {
      call(REFRESH, { t: auth.refreshToken }).then(setAuth, () => setAuth(null));
    }, wait);
    return () => clearTimeout(timer);
  }, [auth]);
  return h('div', { className: 'page' },
    h(SignIn, { auth, onAuth }),
    h('div', { className: 'editor' },
      h(GraphiQL, { fetcher, headers: headersFor(auth), defaultQuery: DEFAULT_QUERY, defaultEditorToolsVisibility: 'headers', shouldPersistHeaders: false })));
}

const root = document.getElementById('graphiql');
if (root) createRoot(root).render(h(App));
