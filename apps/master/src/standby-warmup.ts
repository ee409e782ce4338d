import { getErrorMessage } from '@strato/errors';
import { MasterContext } from './context';
import { grpcAddress } from './leader-gate';
import { LeaderLink } from './leader-link';
import { rehearseTakeover, ScratchMasterFactory } from './takeover-rehearsal';

/** A standby's takeover rehearsal: its scratch agents' tasks, and how many scratch failovers they go through at start-up. */
const TASKS_PER_AGENT = 10;
const START_UP_ROUNDS = 3;

/**
 * Keeps a standby master ready to take over fast (`--standby_rehearsal_agents`): it rehearses a
 * takeover once started, and again when its `LeaderLink` to the leader drops (`takeover-rehearsal.ts`,
 * `leader-link.ts`). One rehearsal at a time; each is measured and logged, and never fatal.
 */
export class StandbyWarmup {
  private readonly link = new LeaderLink((leader) => this.leaderLost(leader));
  private rehearsing = false;

  constructor(
    private readonly ctx: MasterContext,
    private readonly newScratch: ScratchMasterFactory,
    private readonly ended: () => boolean,
  ) {}

  private get agents(): number {
    return this.ctx.config.standbyRehearsalAgents;
  }

  /** Once the master stands in the election: a standby follows the leader and rehearses. */
  start(): void {
    if (this.agents === 0 || this.ctx.gate.role !== 'standby') return;
    this.followLeader();
    void this.rehearse(START_UP_ROUNDS);
  }

  /** ZooKeeper named a leader (or none): a standby links to it; a leader or a stopped master follows no one. */
  followLeader(): void {
    const { gate, masterInfo } = this.ctx;
    const leader = gate.role === 'standby' && this.agents > 0 ? gate.leader() : undefined;
    this.link.follow(leader && leader.id !== masterInfo.id ? grpcAddress(leader) : undefined);
  }

  stop(): void {
    this.link.stop();
  }

  /**
   * The leader's connection dropped (it died): ZooKeeper names a successor only once its session
   * times out, so this standby warms up meanwhile. A full GC since the start-up rehearsal may have
   * thrown away V8's compiled code (code compiled for the scratch objects, which are gone), and an
   * idle heap has shrunk: one more scratch round compiles it again and regrows it.
   */
  private leaderLost(leader: string): void {
    if (this.ctx.gate.role !== 'standby' || this.ended()) return;
    this.ctx.logger.info({ leader }, 'the link to the leading master dropped: warming up for a takeover');
    void this.rehearse(1);
  }

  private async rehearse(rounds: number): Promise<void> {
    const { clock, logger, metrics, gate } = this.ctx;
    if (this.rehearsing) return;
    this.rehearsing = true;
    const started = clock.now();
    try {
      const plan = { agents: this.agents, tasksPerAgent: TASKS_PER_AGENT, rounds };
      const done = await rehearseTakeover(this.newScratch, plan, () => gate.role === 'standby' && !this.ended());
      const ms = clock.now() - started;
      metrics.set('master/standby_rehearsal_ms', ms);
      metrics.increment('master/standby_rehearsals');
      logger.info({ ...plan, done, ms }, done === rounds ? 'takeover rehearsed' : 'takeover rehearsal cut short');
    } catch (error) {
      logger.warn({ error: getErrorMessage(error) }, 'takeover rehearsal failed (a takeover still works, only slower at first)');
    } finally {
      this.rehearsing = false;
    }
  }
}
