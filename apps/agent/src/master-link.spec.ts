import { Clock, systemClock } from '@strato/clock';
import { createLogger } from '@strato/service';
import { freePort, waitFor } from '@strato/testing';
import { fixedMaster } from './master-detector';
import { MasterLink } from './master-link';
import { FakeMaster } from './testing/fake-master';

jest.setTimeout(30_000);

const REGISTRATION_TIMEOUT_MS = 5_000;

/** The real clock, remembering every delay asked for. */
function recordingClock(): Clock & { delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    now: () => systemClock.now(),
    setTimeout: (fn, ms) => {
      delays.push(ms);
      return systemClock.setTimeout(fn, ms);
    },
    clearTimeout: (h) => systemClock.clearTimeout(h),
  };
}

describe('MasterLink', () => {
  let link: MasterLink | undefined;
  let master: FakeMaster | undefined;

  afterEach(() => {
    link?.stop();
    master?.close();
  });

  function connect(address: string, clock: Clock, events: string[]): MasterLink {
    return new MasterLink({
      master: fixedMaster(address),
      clock,
      random: () => 1, // always the top of the jitter range, so the bound itself is observable
      backoffFactorMs: 10,
      maxBackoffMs: 80,
      registrationTimeoutMs: REGISTRATION_TIMEOUT_MS,
      logger: createLogger('agent-test', 'silent'),
      handlers: {
        registration: () => ({ message: { $case: 'register', value: { agentInfo: undefined } } }),
        onRegistered: (r) => events.push(`registered:${r.agentId}`),
        onMessage: (m) => events.push(`message:${m.message?.$case}`),
        onDisconnected: () => events.push('disconnected'),
      },
    });
  }

  it('keeps retrying a master that is down with doubling backoff up to the cap, and resets it after registering', async () => {
    const port = await freePort();
    const clock = recordingClock();
    const events: string[] = [];
    link = connect(`127.0.0.1:${port}`, clock, events);
    link.start();
    const retries = () => clock.delays.filter((d) => d !== REGISTRATION_TIMEOUT_MS);
    await waitFor(() => retries().length >= 6, { description: 'six reconnect attempts' });
    expect(retries().slice(0, 6)).toEqual([10, 20, 40, 80, 80, 80]);
    expect(link.linkState).not.toBe('registered');

    master = await FakeMaster.start({ agentId: 'a-9' }, port);
    await waitFor(() => events.includes('registered:a-9'), { description: 'registration once the master is up' });
    expect(link.send({ message: { $case: 'pong', value: { sequence: 1 } } })).toBe(true);

    const before = retries().length;
    master.endCurrent();
    await waitFor(() => events.includes('disconnected'));
    await waitFor(() => retries().length > before);
    expect(retries()[before]).toBe(10);
    await waitFor(() => events.filter((e) => e === 'registered:a-9').length === 2, { description: 're-registration' });
  });

  it('ignores master messages before registration and passes them on after', async () => {
    master = await FakeMaster.start({ autoRegister: false });
    const events: string[] = [];
    link = connect(master.address, systemClock, events);
    link.start();
    await master.waitForMessage('register');
    expect(link.send({ message: { $case: 'pong', value: { sequence: 1 } } })).toBe(false);
    master.send({ $case: 'killTask', value: { frameworkId: 'f', taskId: 't' } });
    master.send({ $case: 'registered', value: { agentId: 'a-1', pingIntervalSeconds: 15 } });
    master.send({ $case: 'shutdownFramework', value: { frameworkId: 'f' } });
    await waitFor(() => events.includes('message:shutdownFramework'));
    expect(events).toEqual(['registered:a-1', 'message:shutdownFramework']);
  });

  it('treats a refusal as a failed attempt and tries again', async () => {
    master = await FakeMaster.start({ autoRegister: false });
    const events: string[] = [];
    link = connect(master.address, systemClock, events);
    link.start();
    await master.waitForMessage('register');
    master.send({ $case: 'refused', value: { message: 'go away' } });
    await master.waitForMessage('register', 1);
    expect(master.connectionCount).toBeGreaterThanOrEqual(2);
    expect(events).toEqual([]);
  });
});
