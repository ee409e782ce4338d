import { withDefaults } from '@strato/app-definition';
import { mesosHealthCheck } from './mesos-health-check';

const app = (healthChecks: unknown[]) =>
  withDefaults({ id: '/hc', cmd: 'serve', portDefinitions: [{ port: 0 }, { port: 0 }], healthChecks } as never, { now: new Date(0) });

describe('mesosHealthCheck', () => {
  it('sends MESOS_HTTP with the host port of its portIndex and Marathon timing', () => {
    const check = mesosHealthCheck(app([{ protocol: 'MESOS_HTTP', portIndex: 1, path: '/ping', intervalSeconds: 2, maxConsecutiveFailures: 4 }]), [31000, 31001]);
    expect(check).toMatchObject({ type: 'HTTP', http: { scheme: 'http', port: 31001, path: '/ping' }, intervalSeconds: 2, consecutiveFailures: 4 });
  });

  it('maps MESOS_HTTPS, MESOS_TCP and COMMAND', () => {
    expect(mesosHealthCheck(app([{ protocol: 'MESOS_HTTPS' }]), [31000, 31001])).toMatchObject({ type: 'HTTP', http: { scheme: 'https', port: 31000 } });
    expect(mesosHealthCheck(app([{ protocol: 'MESOS_TCP', port: 8080 }]), [31000, 31001])).toMatchObject({ type: 'TCP', tcp: { port: 8080 } });
    expect(mesosHealthCheck(app([{ protocol: 'COMMAND', command: { value: 'true' } }]), [])).toMatchObject({ type: 'COMMAND', command: { value: 'true', shell: true } });
  });

  it('leaves Marathon-run checks to Marathon', () => {
    expect(mesosHealthCheck(app([{ protocol: 'HTTP' }, { protocol: 'TCP' }]), [31000, 31001])).toBeUndefined();
  });
});
