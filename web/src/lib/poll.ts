// Reloading a screen now and then until the API pushes changes: the next reload is planned only
// once the last one has finished, so two never overlap; none runs while the page is hidden (one
// runs as soon as it is shown again if a turn was missed); and a reload asked for now (another
// tenant or period) cancels the planned one and supersedes one in flight.

export interface PollEnv {
  hidden: () => boolean;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (timer: unknown) => void;
}

const browserEnv: PollEnv = {
  hidden: () => typeof document !== 'undefined' && document.hidden,
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

export class Poller {
  private timer: unknown = undefined;
  private busy = false;
  private missed = false;
  private stopped = false;
  /** Counts runs, so that only the latest one plans the next turn. */
  private seq = 0;

  constructor(
    private readonly run: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly env: PollEnv = browserEnv,
  ) {}

  /** Runs now (first load, or the tenant or period changed) and polls from its end on. */
  now(): void {
    this.stopped = false;
    this.missed = false;
    this.start();
  }

  /** The page was shown or hidden (`visibilitychange`). */
  visibilityChanged(): void {
    if (this.stopped || this.env.hidden() || !this.missed || this.busy) return;
    this.missed = false;
    this.start();
  }

  /** No more runs; one in flight finishes but plans nothing. */
  stop(): void {
    this.stopped = true;
    this.seq += 1;
    this.busy = false;
    this.clear();
  }

  private start(): void {
    this.clear();
    const mine = (this.seq += 1);
    this.busy = true;
    void Promise.resolve()
      .then(this.run)
      .catch(() => undefined)
      .finally(() => {
        if (mine !== this.seq) return;
        this.busy = false;
        this.plan();
      });
  }

  private plan(): void {
    if (this.stopped) return;
    this.clear();
    this.timer = this.env.setTimeout(() => this.tick(), this.intervalMs);
  }

  private tick(): void {
    this.timer = undefined;
    if (this.stopped) return;
    if (this.env.hidden()) {
      this.missed = true;
      return;
    }
    this.start();
  }

  private clear(): void {
    if (this.timer !== undefined) this.env.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
