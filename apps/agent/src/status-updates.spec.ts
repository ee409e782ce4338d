import { FakeClock } from '@strato/clock';
import { TaskState, TaskStatus } from '@strato/domain';
import { StatusUpdate, StatusUpdateManager } from './status-updates';

const status = (taskId: string, state: TaskState, uuid: string): TaskStatus => ({
  taskId,
  state,
  uuid,
  message: '',
  source: 'SOURCE_EXECUTOR',
  reason: 'REASON_UNSPECIFIED',
  agentId: 'a1',
  timestamp: 0,
  labels: [],
});

function setup(retryMinMs = 10_000, retryMaxMs = 600_000) {
  const clock = new FakeClock(0);
  const sent: Array<StatusUpdate & { at: number }> = [];
  const manager = new StatusUpdateManager({
    clock,
    retryMinMs,
    retryMaxMs,
    forward: (u) => sent.push({ ...u, at: clock.now() }),
  });
  const uuids = () => sent.map((s) => s.status.uuid);
  return { clock, sent, manager, uuids };
}

describe('StatusUpdateManager', () => {
  it('keeps one update in flight per task and sends the next only after the head is acknowledged', () => {
    const { manager, uuids } = setup();
    manager.resume();
    manager.enqueue('f1', status('t1', 'TASK_STARTING', 'u1'));
    manager.enqueue('f1', status('t1', 'TASK_RUNNING', 'u2'));
    manager.enqueue('f1', status('t1', 'TASK_FINISHED', 'u3'));
    expect(uuids()).toEqual(['u1']);
    expect(manager.pendingCount()).toBe(3);

    expect(manager.acknowledge('f1', 't1', 'u1')).toMatchObject({ kind: 'acknowledged', remaining: 2 });
    expect(uuids()).toEqual(['u1', 'u2']);
    manager.acknowledge('f1', 't1', 'u2');
    expect(uuids()).toEqual(['u1', 'u2', 'u3']);
    const last = manager.acknowledge('f1', 't1', 'u3');
    expect(last).toMatchObject({ kind: 'acknowledged', remaining: 0, status: { state: 'TASK_FINISHED' } });
    expect(manager.pendingCount()).toBe(0);
  });

  it('streams of different tasks are independent', () => {
    const { manager, uuids } = setup();
    manager.resume();
    manager.enqueue('f1', status('t1', 'TASK_STARTING', 'a1'));
    manager.enqueue('f1', status('t2', 'TASK_STARTING', 'b1'));
    manager.enqueue('f2', status('t1', 'TASK_STARTING', 'c1'));
    expect(uuids()).toEqual(['a1', 'b1', 'c1']);
  });

  it('resends the head with a doubling delay capped at the maximum', () => {
    const { clock, manager, sent } = setup(10_000, 60_000);
    manager.resume();
    manager.enqueue('f1', status('t1', 'TASK_RUNNING', 'u1'));
    clock.advance(10 * 60_000);
    const times = sent.map((s) => s.at);
    // 0, +10s, +20s, +40s, then capped at +60s each.
    expect(times.slice(0, 7)).toEqual([0, 10_000, 30_000, 70_000, 130_000, 190_000, 250_000]);
    expect(sent.every((s) => s.status.uuid === 'u1')).toBe(true);
  });

  it('does not resend before the retry interval', () => {
    const { clock, manager, sent } = setup(10_000);
    manager.resume();
    manager.enqueue('f1', status('t1', 'TASK_RUNNING', 'u1'));
    clock.advance(9_999);
    expect(sent).toHaveLength(1);
    clock.advance(1);
    expect(sent).toHaveLength(2);
  });

  it('ignores stale and unknown acknowledgements', () => {
    const { manager, uuids } = setup();
    manager.resume();
    manager.enqueue('f1', status('t1', 'TASK_STARTING', 'u1'));
    manager.enqueue('f1', status('t1', 'TASK_RUNNING', 'u2'));
    expect(manager.acknowledge('f1', 't1', 'u2')).toEqual({ kind: 'stale' });
    expect(manager.acknowledge('f1', 'other', 'u1')).toEqual({ kind: 'unknown-stream' });
    expect(manager.acknowledge('f2', 't1', 'u1')).toEqual({ kind: 'unknown-stream' });
    expect(uuids()).toEqual(['u1']);
    expect(manager.pendingCount()).toBe(2);
    manager.acknowledge('f1', 't1', 'u1');
    expect(manager.acknowledge('f1', 't1', 'u1')).toEqual({ kind: 'stale' });
    expect(uuids()).toEqual(['u1', 'u2']);
  });

  it('restarts the retry delay after an acknowledgement', () => {
    const { clock, manager, sent } = setup(1_000, 60_000);
    manager.resume();
    manager.enqueue('f1', status('t1', 'TASK_STARTING', 'u1'));
    manager.enqueue('f1', status('t1', 'TASK_RUNNING', 'u2'));
    clock.advance(7_000); // u1 at 0, 1000, 3000, 7000
    expect(sent.map((s) => s.at)).toEqual([0, 1000, 3000, 7000]);
    manager.acknowledge('f1', 't1', 'u1');
    clock.advance(1_000);
    expect(sent.slice(4).map((s) => [s.status.uuid, s.at])).toEqual([
      ['u2', 7000],
      ['u2', 8000],
    ]);
  });

  it('holds updates while paused and resends every head on resume', () => {
    const { clock, manager, sent, uuids } = setup(1_000);
    manager.enqueue('f1', status('t1', 'TASK_STARTING', 'u1'));
    clock.advance(60_000);
    expect(sent).toHaveLength(0);
    manager.resume();
    expect(uuids()).toEqual(['u1']);
    manager.pause();
    clock.advance(60_000);
    expect(sent).toHaveLength(1);
    manager.resume();
    expect(uuids()).toEqual(['u1', 'u1']);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('restores recovered queues without sending until resumed', () => {
    const { manager, uuids } = setup();
    manager.restore('f1', 't1', [status('t1', 'TASK_RUNNING', 'u1'), status('t1', 'TASK_FAILED', 'u2')]);
    expect(uuids()).toEqual([]);
    manager.resume();
    expect(uuids()).toEqual(['u1']);
    expect(manager.pending('f1', 't1').map((s) => s.uuid)).toEqual(['u1', 'u2']);
  });

  it('refuses updates without a uuid', () => {
    const { manager } = setup();
    expect(() => manager.enqueue('f1', { ...status('t1', 'TASK_RUNNING', ''), uuid: undefined })).toThrow(/uuid/);
  });
});
