import { MemoryStore } from '@strato/coordination';
import { masterConfig } from './flags';
import { Master, scratchMaster } from './master';
import { rehearseTakeover, ScratchMaster } from './takeover-rehearsal';

const config = masterConfig(['node', 'm', '--work_dir=/nonexistent/strato-rehearsal']);

/** Real scratch masters (loopback gRPC, memory store), with what each one held when the rehearsal stopped it. */
function recordingFactory() {
  const seen: { agents: number; active: number; tasks: number; running: number; frameworks: number }[] = [];
  const factory = (store: MemoryStore): ScratchMaster => {
    const inner = scratchMaster(config, store);
    let master: Master | undefined;
    return {
      start: async () => {
        const ports = await inner.start();
        master = inner.master;
        return ports;
      },
      putFramework: (f) => inner.putFramework(f),
      stop: async () => {
        const { state } = master!.ctx;
        const agents = [...state.agents.values()];
        const tasks = [...state.tasks.values()];
        seen.push({
          agents: agents.length,
          active: agents.filter((x) => x.state === 'active').length,
          tasks: tasks.length,
          running: tasks.filter((t) => t.state === 'TASK_RUNNING').length,
          frameworks: state.frameworks.size,
        });
        await inner.stop();
      },
    };
  };
  return { seen, factory };
}

describe('rehearseTakeover', () => {
  it('registers scratch agents, then re-admits them with their tasks on a fresh scratch master each round', async () => {
    const { seen, factory } = recordingFactory();
    const rounds = await rehearseTakeover(factory, { agents: 6, tasksPerAgent: 4, rounds: 2 }, () => true);
    expect(rounds).toBe(2);
    expect(seen).toEqual([
      { agents: 6, active: 6, tasks: 0, running: 0, frameworks: 0 },
      // a fresh master recovered the 6 agents and 5 frameworks from the store; the agents came back with 4 tasks each
      { agents: 6, active: 6, tasks: 24, running: 24, frameworks: 5 },
      { agents: 6, active: 6, tasks: 24, running: 24, frameworks: 5 },
    ]);
  }, 20_000);

  it('stops between rounds once it should no longer go on', async () => {
    const { seen, factory } = recordingFactory();
    let asked = 0;
    const rounds = await rehearseTakeover(factory, { agents: 3, tasksPerAgent: 2, rounds: 3 }, () => ++asked <= 2);
    expect(rounds).toBe(1);
    expect(seen).toHaveLength(2);
  }, 20_000);

  it('fails when a scratch master cannot start, and leaves nothing running', async () => {
    let stopped = 0;
    const failing = (): ScratchMaster => ({
      start: () => Promise.reject(new Error('no port')),
      putFramework: () => Promise.resolve(),
      stop: async () => void stopped++,
    });
    await expect(rehearseTakeover(failing, { agents: 2, tasksPerAgent: 1, rounds: 1 }, () => true)).rejects.toThrow('no port');
    expect(stopped).toBe(1);
  });
});
