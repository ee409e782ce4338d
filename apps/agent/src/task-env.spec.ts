import * as pb from '@strato/proto';
import { buildTaskEnv, portsInResourceOrder, TaskEnvInput } from './task-env';

const input = (over: Partial<TaskEnvInput> = {}): TaskEnvInput => ({
  agentEnv: { PATH: '/agent/bin:/usr/bin', HOME: '/root', SECRET_TOKEN: 'x', NODE_OPTIONS: '--inspect' },
  taskId: 't1',
  frameworkId: 'f1',
  agentId: 'a1',
  containerId: 'c1',
  sandbox: '/work/slaves/a1/frameworks/f1/executors/t1/runs/c1',
  hostname: 'node7',
  ports: [],
  taskEnv: {},
  ...over,
});

describe('buildTaskEnv', () => {
  it("passes the agent's PATH and a minimal environment, never the rest", () => {
    const env = buildTaskEnv(input());
    expect(env.PATH).toBe('/agent/bin:/usr/bin');
    expect(env.HOME).toBe('/root');
    expect(env.SECRET_TOKEN).toBeUndefined();
    expect(env.NODE_OPTIONS).toBeUndefined();
  });

  it('falls back to a standard PATH', () => {
    expect(buildTaskEnv(input({ agentEnv: {} })).PATH).toContain('/usr/bin');
  });

  it('sets the Mesos variables and HOST', () => {
    expect(buildTaskEnv(input())).toMatchObject({
      MESOS_TASK_ID: 't1',
      MESOS_FRAMEWORK_ID: 'f1',
      MESOS_AGENT_ID: 'a1',
      MESOS_CONTAINER_ID: 'c1',
      MESOS_SANDBOX: '/work/slaves/a1/frameworks/f1/executors/t1/runs/c1',
      MESOS_DIRECTORY: '/work/slaves/a1/frameworks/f1/executors/t1/runs/c1',
      HOST: 'node7',
    });
  });

  it('numbers the ports PORT0..n in order, with PORT and PORTS', () => {
    const env = buildTaskEnv(input({ ports: [31005, 31001, 31002] }));
    expect(env).toMatchObject({ PORT0: '31005', PORT1: '31001', PORT2: '31002', PORT: '31005', PORTS: '31005,31001,31002' });
    expect(env.PORT3).toBeUndefined();
  });

  it('sets no port variables without ports', () => {
    const env = buildTaskEnv(input());
    expect(env.PORT).toBeUndefined();
    expect(env.PORTS).toBeUndefined();
    expect(env.PORT0).toBeUndefined();
  });

  it("lets the task's own variables win", () => {
    const env = buildTaskEnv(input({ ports: [31000], taskEnv: { PORT: '8080', PATH: '/task/bin', EXTRA: 'y' } }));
    expect(env).toMatchObject({ PORT: '8080', PORT0: '31000', PATH: '/task/bin', EXTRA: 'y' });
  });
});

describe('portsInResourceOrder', () => {
  const ranges = (list: Array<[number, number]>, name = 'ports'): pb.Resource => ({
    name,
    type: pb.Value_Type.RANGES,
    ranges: { range: list.map(([begin, end]) => ({ begin, end })) },
    role: '*',
    allocationRole: '',
  });

  it('expands ranges in the order given, across resources', () => {
    const cpus: pb.Resource = { name: 'cpus', type: pb.Value_Type.SCALAR, scalar: { value: 1 }, role: '*', allocationRole: '' };
    expect(portsInResourceOrder([ranges([[31010, 31011], [31000, 31000]]), cpus, ranges([[20, 20]])])).toEqual([31010, 31011, 31000, 20]);
  });

  it('ignores other range resources', () => {
    expect(portsInResourceOrder([ranges([[1, 3]], 'ephemeral_ports')])).toEqual([]);
  });
});
