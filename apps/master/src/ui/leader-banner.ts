// The banner a non-leading master's UI shows: who leads, a countdown, then the browser goes to the
// leader's UI (the same hash route). "Stay here" stops the countdown (no time limit forced on anyone).
import { getJson, h } from '@strato/ui';
import { HealthJson, LeaderPlan, leaderPlan, REDIRECT_SECONDS, roleSentence, secondsLeft } from './leader';

/** Thrown by a page refresh on a master that does not serve the cluster's state; the status line shows it. */
export class NotLeaderError extends Error {
  constructor(readonly plan: Exclude<LeaderPlan, { kind: 'serve' }>) {
    super(plan.kind === 'redirect' ? `this master is not the leader; the leader is ${plan.leader}` : 'this master is not the leader and no leading master is known');
    this.name = 'NotLeaderError';
  }
}

/** Reads this master's own `/health` and decides; a health that cannot be read means "try the state". */
export async function checkLeader(): Promise<LeaderPlan> {
  const health = await getJson<HealthJson>('master/health').catch(() => undefined);
  return leaderPlan(health, location.host, location.hash);
}

const BANNER_STYLE = 'margin: 1rem 1.5rem 0; padding: .75rem 1rem; border: 1px solid var(--warn); border-left-width: 6px; border-radius: 6px; background: var(--card);';

export class LeaderBanner {
  /** The leader the countdown runs for; another leader restarts it. */
  private leader?: string;
  private plan?: Extract<LeaderPlan, { kind: 'redirect' }>;
  private startedMs = 0;
  private timer?: number;
  private cancelled = false;
  private seconds?: HTMLElement;
  private links: HTMLAnchorElement[] = [];

  /** `el` is an always-present `role="status"` region; `go` navigates (a test may replace it). */
  constructor(
    private readonly el: HTMLElement,
    private readonly go: (url: string) => void = (url) => location.assign(url),
  ) {}

  show(plan: LeaderPlan): void {
    if (plan.kind !== 'redirect') {
      this.stopCountdown();
      this.leader = undefined;
      if (plan.kind === 'serve') this.el.replaceChildren();
      else this.render(h('p', { style: BANNER_STYLE }, `${roleSentence(plan.role)} and no leading master is known yet; checking again every few seconds.`));
      return;
    }
    this.plan = plan;
    if (plan.leader === this.leader) {
      // Same leader: keep the countdown, follow the hash route the user may have changed.
      const goNow = this.links.find((a) => a.dataset.go !== undefined);
      if (goNow && goNow.getAttribute('href') !== plan.url) goNow.setAttribute('href', plan.url);
      return;
    }
    this.leader = plan.leader;
    this.startedMs = Date.now();
    this.renderRedirect(plan);
    if (!this.cancelled) {
      window.clearInterval(this.timer);
      this.timer = window.setInterval(() => this.tick(), 250);
    }
  }

  private renderRedirect(plan: Extract<LeaderPlan, { kind: 'redirect' }>): void {
    this.seconds = h('span', { 'data-seconds': true }, String(REDIRECT_SECONDS));
    const leaderLink = h('a', { href: `http://${plan.leader}/`, 'data-leader': true }, plan.leader);
    const goNow = h('a', { href: plan.url, 'data-go': true }, this.cancelled ? 'Go to the leading master' : 'Go now');
    this.links = [leaderLink, goNow];
    const stay = h('button', { type: 'button', class: 'secondary', onclick: () => this.cancel() }, 'Stay here');
    this.render(
      h(
        'p',
        { style: BANNER_STYLE },
        `${roleSentence(plan.role)}; the leading master is `,
        leaderLink,
        '. ',
        this.cancelled ? 'Not redirecting. ' : ['Redirecting in ', this.seconds, ' s … '],
        goNow,
        this.cancelled ? null : [' ', stay],
      ),
    );
  }

  private render(p: HTMLElement): void {
    if (this.el.firstElementChild?.isEqualNode(p)) return; // an unchanged banner is not announced again
    this.el.replaceChildren(p);
  }

  private tick(): void {
    const left = secondsLeft(this.startedMs, Date.now());
    if (this.seconds && this.seconds.textContent !== String(left)) this.seconds.textContent = String(left);
    if (left === 0) {
      this.stopCountdown();
      if (this.plan) this.go(this.plan.url);
    }
  }

  private cancel(): void {
    this.cancelled = true;
    this.stopCountdown();
    if (this.plan) this.renderRedirect(this.plan);
    this.links.find((a) => a.dataset.go !== undefined)?.focus();
  }

  private stopCountdown(): void {
    window.clearInterval(this.timer);
    this.timer = undefined;
  }
}
