// The dashboard's data: what it shows of a tenant and period (roll-ups of the tenant and of each
// child, submissions, demonstration units, rectification) followed live over the socket, and the
// monthly trend of the chosen indicator, asked again after each change; and the rows the tables
// show, worked out from them. While the socket is down the same data is reloaded every
// `refreshMs` over HTTP, until it is back.
import { computed, onScopeDispose, ref, watch, type Ref } from 'vue';
import { client } from '../../app';
import {
  CampaignsDocument, DashboardDocument, IndicatorsDocument, LiveDashboardDocument, TrendDocument,
  type DashboardDataFragment, type IndicatorsQuery,
} from '../../gql/graphql';
import type { LiveState } from '../../api/live';
import { chinaToday } from '../../lib/format';
import { monthsOf, periodEnd, yearOf } from '../../lib/period';
import { Poller } from '../../lib/poll';
import { live as socket } from '../../live';

export type Indicator = IndicatorsQuery['indicators']['edges'][number]['node'];
export type SubmissionState = 'NOT_SUBMITTED' | 'SUBMITTED' | 'ACCEPTED' | 'RETURNED';

export interface ChildRow {
  id: string;
  code: string;
  name: string;
  target: string | null;
  actual: string | null;
  completion: string | null;
  share: string | null;
  submission: SubmissionState;
  submissionLabel: string | null;
  overdue: boolean;
  rectificationOverdue: number;
  designations: number;
}

let indicatorCache: Indicator[] | null = null;
let yearsCache: number[] | null = null;

export async function loadIndicators(): Promise<Indicator[]> {
  if (!indicatorCache) {
    const data = await client.request(IndicatorsDocument, {});
    indicatorCache = data.indicators.edges.map((e) => e.node);
  }
  return indicatorCache;
}

/** The years of the campaigns the caller sees, oldest first. */
export async function loadYears(): Promise<number[]> {
  if (!yearsCache) {
    const data = await client.request(CampaignsDocument, {});
    const years = new Set<number>();
    for (const { node } of data.campaigns.edges) for (let y = node.startYear; y <= node.endYear; y += 1) years.add(y);
    yearsCache = years.size ? [...years].sort() : [new Date().getFullYear()];
  }
  return yearsCache;
}

export function useDashboard(tenantId: Ref<string>, period: Ref<string>, refreshMs = 60_000) {
  const indicators = ref<Indicator[]>([]);
  const data = ref<DashboardDataFragment | null>(null);
  const selected = ref<string | null>(null);
  const trend = ref<Array<string | null>>([]);
  const error = ref('');
  const loading = ref(false);
  const live = ref<LiveState>('connecting');

  // Bumped when the tenant or period changes: answers to an earlier one that arrive late are
  // dropped. `loads` does the same for two HTTP loads of the same one.
  let generation = 0;
  let loads = 0;
  let unsubscribe: (() => void) | null = null;

  function show(answer: DashboardDataFragment) {
    data.value = answer;
    error.value = '';
    const ids = indicators.value.map((i) => i.id);
    const rollups = answer.tenant.rollup;
    if (!selected.value || !ids.includes(selected.value)) {
      selected.value = (rollups.find((r) => r.target != null && r.actual != null) ?? rollups.find((r) => r.target != null))?.indicatorId ?? ids[0] ?? null;
    }
  }

  function failed(err: unknown) {
    error.value = err instanceof Error ? err.message : String(err);
  }

  /** One load over HTTP: the fallback while the socket is down. */
  async function load() {
    if (!period.value) return;
    const mine = generation;
    const seq = (loads += 1);
    try {
      indicators.value = await loadIndicators();
      const ids = indicators.value.map((i) => i.id);
      const answer = await client.request(DashboardDocument, { tenantId: tenantId.value, period: period.value, indicatorIds: ids });
      // Live again meanwhile: the socket's answer is the newer one.
      if (mine !== generation || seq !== loads || live.value === 'live') return;
      show(answer);
      // The first load failed before anything subscribed (see follow): subscribe now.
      if (!unsubscribe) void follow();
      else await loadTrend();
    } catch (err) {
      if (mine === generation && seq === loads) failed(err);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /** Follows the tenant and period live; polls while the socket is down. */
  async function follow() {
    unsubscribe?.();
    unsubscribe = null;
    // The socket was down a moment ago: load over HTTP at once rather than wait for it.
    const wasDown = live.value === 'down';
    poller.stop();
    if (!period.value) return;
    const mine = (generation += 1);
    loading.value = true;
    error.value = '';
    try {
      indicators.value = await loadIndicators();
    } catch (err) {
      if (mine !== generation) return;
      failed(err);
      live.value = 'down';
      poller.now();
      return;
    }
    if (mine !== generation) return;
    const variables = { tenantId: tenantId.value, period: period.value, indicatorIds: indicators.value.map((i) => i.id) };
    unsubscribe = socket.subscribe(LiveDashboardDocument, variables, {
      next: (answer) => {
        if (mine !== generation) return;
        loading.value = false;
        show(answer.liveQuery);
        // Something changed (or this is the first answer): the trend may have too.
        loadTrend().catch(failed);
      },
      error: (err) => {
        if (mine === generation) failed(err);
      },
      state: (now) => {
        if (mine !== generation) return;
        live.value = now;
        if (now === 'live') poller.stop();
        else if (now === 'down') poller.now();
      },
    });
    if (wasDown && live.value !== 'live') poller.now();
  }

  async function loadTrend() {
    if (!selected.value) return;
    const mine = generation;
    const [m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12] = monthsOf(yearOf(period.value));
    const a = await client.request(TrendDocument, {
      tenantId: tenantId.value,
      indicatorIds: [selected.value],
      m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12,
    });
    if (mine !== generation) return;
    trend.value = [a.m01, a.m02, a.m03, a.m04, a.m05, a.m06, a.m07, a.m08, a.m09, a.m10, a.m11, a.m12].map((r) => r[0]?.actual ?? null);
  }

  const poller = new Poller(load, refreshMs);
  const onVisibility = () => poller.visibilityChanged();
  document.addEventListener('visibilitychange', onVisibility);
  onScopeDispose(() => {
    generation += 1;
    unsubscribe?.();
    poller.stop();
    document.removeEventListener('visibilitychange', onVisibility);
  });
  watch([tenantId, period], () => void follow(), { immediate: true });
  watch(selected, (now, before) => {
    if (before && now !== before) loadTrend().catch(failed);
  });

  const indicator = computed(() => indicators.value.find((i) => i.id === selected.value) ?? null);
  const tiles = computed(() =>
    (data.value?.tenant.rollup ?? [])
      .map((r) => ({ ...r, indicator: indicators.value.find((i) => i.id === r.indicatorId) }))
      .filter((r) => r.indicator && (r.target !== null || r.actual !== null)),
  );

  const rows = computed<ChildRow[]>(() => {
    const d = data.value;
    if (!d || !selected.value) return [];
    const own = d.tenant.rollup.find((r) => r.indicatorId === selected.value);
    const overdueDay = periodEnd(period.value) < chinaToday();
    return d.tenant.children.edges.map(({ node }) => {
      const r = node.rollup.find((x) => x.indicatorId === selected.value);
      const sub = d.submissions.edges.find((e) => e.node.tenant.id === node.id)?.node;
      const state: SubmissionState = sub?.status ?? 'NOT_SUBMITTED';
      return {
        id: node.id,
        code: node.code,
        name: node.name,
        target: r?.target ?? null,
        actual: r?.actual ?? null,
        completion: r?.completion ?? null,
        share: own?.children.find((c) => c.tenant.id === node.id)?.share ?? null,
        submission: state,
        submissionLabel: sub?.statusLabel ?? null,
        overdue: overdueDay && (state === 'NOT_SUBMITTED' || state === 'RETURNED'),
        rectificationOverdue: d.rectificationSummary.children.find((c) => c.tenant.id === node.id)?.counts.overdue ?? 0,
        designations: d.designationCounts.find((c) => c.tenant.id === node.id)?.total ?? 0,
      };
    });
  });

  return { indicators, data, selected, indicator, tiles, rows, trend, error, loading, live, refreshMs };
}
