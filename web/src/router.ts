// Client routes; the server answers index.html for each of them (SPA fallback).
import { createRouter, createWebHistory } from 'vue-router';
import SignIn from './features/auth/SignIn.vue';
import { homeRoute, loadMe, state } from './app';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', component: SignIn, meta: { public: true } },
    { path: '/', component: SignIn, meta: { home: true } },
    { path: '/dashboard/:tenantId', component: () => import('./features/dashboard/Dashboard.vue'), props: true },
    { path: '/screen/:tenantId', component: () => import('./features/dashboard/Dashboard.vue'), props: (r) => ({ tenantId: r.params.tenantId, big: true }) },
    { path: '/report', component: () => import('./features/reporting/Reporting.vue') },
    { path: '/decomposition/:tenantId', component: () => import('./features/decomposition/Decomposition.vue'), props: true },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const me = state.me ?? (await loadMe());
  if (!me) return { path: '/login', query: to.path === '/' ? {} : { next: to.fullPath } };
  if (to.meta.home) return homeRoute(me);
  return true;
});
