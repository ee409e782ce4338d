import { healthCheckKill, MAX_COMPLETION_TIME, makeStatus, terminationChange, USER_KILL } from './task-status';

describe('terminationChange', () => {
  it('maps exit statuses like the Mesos command executor', () => {
    expect(terminationChange({ exitCode: 0, signal: null, killed: false }, undefined)).toEqual({
      state: 'TASK_FINISHED',
      source: 'SOURCE_EXECUTOR',
      message: 'Command exited with status 0',
      exitCode: 0,
    });
    expect(terminationChange({ exitCode: 3, signal: null, killed: false }, undefined)).toMatchObject({
      state: 'TASK_FAILED',
      message: 'Command exited with status 3',
      exitCode: 3,
    });
    expect(terminationChange({ exitCode: null, signal: 'SIGSEGV', killed: false }, USER_KILL)).toMatchObject({
      state: 'TASK_FAILED',
      message: 'Command terminated with signal SIGSEGV',
      exitCode: undefined,
    });
  });

  it('reports our kills with the kill intent', () => {
    expect(terminationChange({ exitCode: null, signal: 'SIGTERM', killed: true }, USER_KILL)).toMatchObject({
      state: 'TASK_KILLED',
      message: 'Command terminated with signal SIGTERM',
    });
    expect(terminationChange({ exitCode: null, signal: 'SIGKILL', killed: true }, MAX_COMPLETION_TIME)).toMatchObject({
      state: 'TASK_FAILED',
      reason: 'REASON_MAX_COMPLETION_TIME_REACHED',
      message: 'Task reached its maximum completion time: Command terminated with signal SIGKILL',
    });
  });

  it('reports a health-check kill with its cause and healthy=false', () => {
    const change = terminationChange({ exitCode: null, signal: 'SIGTERM', killed: true }, healthCheckKill('HTTP GET returned 500'));
    expect(change).toMatchObject({ state: 'TASK_KILLED', message: 'Task was killed since health check failed: HTTP GET returned 500', healthy: false });
    expect(makeStatus('t1', 'a1', change, 0, 'u')).toMatchObject({ healthy: false });
    expect(makeStatus('t1', 'a1', { state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR' }, 0, 'u').healthy).toBeUndefined();
  });
});

describe('makeStatus', () => {
  it('stamps seconds, agent id and uuid', () => {
    const s = makeStatus('t1', 'a1', { state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR' }, 1_500, 'u1');
    expect(s).toMatchObject({ taskId: 't1', agentId: 'a1', timestamp: 1.5, uuid: 'u1', reason: 'REASON_UNSPECIFIED', message: '' });
  });
});
