import { configFrom, parseConfig } from './config';

describe('example framework config', () => {
  it('has the documented defaults', () => {
    expect(parseConfig(['node', 'x', '--master', 'localhost:5051'])).toEqual({
      master: 'localhost:5051',
      tasks: 5,
      command: 'echo hello from $MESOS_TASK_ID; sleep 1',
      cpus: 0.1,
      mem: 32,
      name: 'strato-example',
      role: '*',
      failoverTimeoutMs: 0,
    });
  });

  it('takes flags and Mesos durations', () => {
    const config = parseConfig(['node', 'x', '--master=m:1', '--tasks=2', '--cpus', '0.5', '--mem=64', '--role=web', '--failover_timeout=5mins']);
    expect(config).toMatchObject({ tasks: 2, cpus: 0.5, mem: 64, role: 'web', failoverTimeoutMs: 300_000 });
  });

  it('says which flag is wrong', () => {
    const base = { master: 'm:1', tasks: '5', cpus: '0.1', mem: '32', name: 'n', role: '*', failover_timeout: '0', command: 'c' };
    expect(() => configFrom({ ...base, tasks: '0' })).toThrow("invalid --tasks '0': expected an integer from 1");
    expect(() => configFrom({ ...base, tasks: '1.5' })).toThrow(/--tasks/);
    expect(() => configFrom({ ...base, cpus: 'lots' })).toThrow("invalid --cpus 'lots': expected a number greater than 0");
    expect(() => configFrom({ ...base, failover_timeout: 'soon' })).toThrow(/invalid --failover_timeout: invalid duration/);
    expect(() => configFrom({ ...base, master: '' })).toThrow(/--master is required/);
  });
});
