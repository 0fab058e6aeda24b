// Client routes; the server answers index.html for each of them (SPA fallback).
import { createRouter, createWebHistory } from 'vue-router';
import SignIn from './features/auth/SignIn.vue';
import { homeRoute, loadMe, mustChangePassword, state } from './app';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', component: SignIn, meta: { public: true } },
    { path: '/', component: SignIn, meta: { home: true } },
    { path: '/dashboard/:tenantId', component: () => import('./features/dashboard/Dashboard.vue'), props: true },
    { path: '/screen/:tenantId', component: () => import('./features/dashboard/Dashboard.vue'), props: (r) => ({ tenantId: r.params.tenantId, big: true }) },
    { path: '/report', component: () => import('./features/reporting/Reporting.vue') },
    { path: '/decomposition/:tenantId', component: () => import('./features/decomposition/Decomposition.vue'), props: true },
    { path: '/rectification', component: () => import('./features/rectification/Rectification.vue') },
    { path: '/rectification/:id', component: () => import('./features/rectification/RectificationTask.vue'), props: true },
    // 修改密码 after an ADMIN's reset: the one screen open until it is done.
    { path: '/change-password', component: () => import('./features/account/ChangePassword.vue'), meta: { passwordChange: true } },
    { path: '/account', component: () => import('./features/account/Account.vue') },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const me = state.me ?? (await loadMe());
  if (!me) return { path: '/login', query: to.path === '/' ? {} : { next: to.fullPath } };
  if (mustChangePassword() && !to.meta.passwordChange) {
    return { path: '/change-password', query: to.meta.home || to.path === '/login' ? {} : { next: to.fullPath } };
  }
  if (!mustChangePassword() && to.meta.passwordChange) return homeRoute(me);
  if (to.meta.home) return homeRoute(me);
  return true;
});
