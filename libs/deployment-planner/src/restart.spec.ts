import { restartDecision, type NewInstance, type OldInstance, type RestartStrategy } from './restart';

const strategy = (minimumHealthCapacity: number, maximumOverCapacity: number): RestartStrategy => ({
  minimumHealthCapacity,
  maximumOverCapacity,
});
const olds = (count: number, overrides: Partial<OldInstance> = {}): OldInstance[] =>
  Array.from({ length: count }, (_, i) => ({ id: `old-${i}`, healthy: true, startedAt: i * 1000, ...overrides }));
const news = (count: number, overrides: Partial<NewInstance> = {}): NewInstance[] =>
  Array.from({ length: count }, (_, i) => ({ id: `new-${i}`, healthyAndReady: false, launched: true, ...overrides }));

describe('restartDecision at the start (all old healthy)', () => {
  it.each`
    n    | mhc    | moc    | kill | launch | why
    ${3} | ${1}   | ${1}   | ${0} | ${3}   | ${'defaults: keep all, start all new side by side'}
    ${3} | ${0.7} | ${0}   | ${0} | ${1}   | ${'ceil(2.1)=3 = maxCapacity: one instance of over-capacity'}
    ${3} | ${1}   | ${0}   | ${0} | ${1}   | ${'1.0 / 0.0: one instance of over-capacity (Marathon)'}
    ${4} | ${0.5} | ${0}   | ${2} | ${0}   | ${'kill down to 2; no room until the kills complete'}
    ${4} | ${0.5} | ${0.5} | ${2} | ${2}   | ${'kill down to 2, start up to 6 - 4 = 2'}
    ${4} | ${0}   | ${0}   | ${4} | ${0}   | ${'mHC 0 and mOC 0: kill everything before starting'}
    ${4} | ${0}   | ${1}   | ${4} | ${4}   | ${'mHC 0: kill all old at once; start all new'}
  `('n=$n mHC=$mhc mOC=$moc: kill $kill, launch $launch ($why)', ({ n, mhc, moc, kill, launch }) => {
    const decision = restartDecision({ targetInstances: n, old: olds(n), new: [] }, strategy(mhc, moc));
    expect(decision.killOld).toHaveLength(kill);
    expect(decision.launchNew).toBe(launch);
    expect(decision.killNew).toEqual([]);
    expect(decision.done).toBe(false);
  });
});

describe('restartDecision', () => {
  it('kills one old instance for each new one that turned healthy and ready', () => {
    const old = olds(3);
    const state = { targetInstances: 3, old, new: [...news(1, { healthyAndReady: true }), { id: 'n2', healthyAndReady: false, launched: true }] };
    const decision = restartDecision(state, strategy(1, 0));
    expect(decision.killOld).toEqual(['old-2']);
    expect(decision.launchNew).toBe(0);
  });

  it('kills unhealthy old instances first and at once, as they do not count as healthy', () => {
    const old = [...olds(3), { id: 'sick', healthy: false, startedAt: 0 }];
    const decision = restartDecision({ targetInstances: 4, old, new: [] }, strategy(0.5, 0));
    expect(decision.killOld).toEqual(['sick', 'old-2']);
  });

  it('never kills a healthy old instance below minHealthy, even when all old are unhealthy but one', () => {
    const old = [{ id: 'ok', healthy: true }, ...olds(3, { healthy: false })];
    const decision = restartDecision({ targetInstances: 4, old, new: [] }, strategy(1, 0));
    expect(decision.killOld).toEqual(['old-2', 'old-1', 'old-0']);
    expect(decision.launchNew).toBe(1); // 1.0 / 0.0: capacity 4 + 1 while the 4 old still hold theirs
  });

  it('orders healthy old instances by killSelection', () => {
    const state = { targetInstances: 4, old: olds(4), new: [] };
    expect(restartDecision(state, strategy(0.5, 0)).killOld).toEqual(['old-3', 'old-2']);
    expect(restartDecision(state, { ...strategy(0.5, 0), killSelection: 'OLDEST_FIRST' }).killOld).toEqual(['old-0', 'old-1']);
  });

  it('does not kill again an old instance already being killed, but counts it against capacity', () => {
    const old = [...olds(3), { id: 'dying', healthy: true, killing: true }];
    const decision = restartDecision({ targetInstances: 4, old, new: [] }, strategy(0.5, 0));
    expect(decision.killOld).toEqual(['old-2']); // 3 healthy left (dying does not count) - minHealthy 2
    expect(decision.launchNew).toBe(0); // 4 old still hold capacity 4
  });

  it('launches into capacity once old instances have terminated', () => {
    const decision = restartDecision({ targetInstances: 4, old: olds(2), new: [] }, strategy(0.5, 0));
    expect(decision).toEqual({ killOld: [], killNew: [], launchNew: 2, done: false });
  });

  it('counts queued new instances against capacity and target', () => {
    const state = { targetInstances: 3, old: [], new: news(2, { launched: false }) };
    expect(restartDecision(state, strategy(1, 1)).launchNew).toBe(1);
  });

  it('replaces a new instance that failed (the caller dropped it)', () => {
    const state = { targetInstances: 2, old: [], new: news(1, { healthyAndReady: true }) };
    expect(restartDecision(state, strategy(1, 0)).launchNew).toBe(1);
  });

  it('is done when all target instances are new, healthy and ready, and no old one is left', () => {
    expect(restartDecision({ targetInstances: 2, old: [], new: news(2, { healthyAndReady: true }) }, strategy(1, 1)).done).toBe(true);
    expect(restartDecision({ targetInstances: 2, old: [], new: news(2) }, strategy(1, 1)).done).toBe(false);
    const dying = [{ id: 'o', healthy: false, killing: true }];
    expect(restartDecision({ targetInstances: 2, old: dying, new: news(2, { healthyAndReady: true }) }, strategy(1, 1)).done).toBe(false);
  });

  it('kills surplus new instances (queued ones first) beyond the target', () => {
    const state = {
      targetInstances: 1,
      old: [],
      new: [
        { id: 'a', healthyAndReady: true, launched: true },
        { id: 'b', healthyAndReady: false, launched: true },
        { id: 'c', healthyAndReady: false, launched: false },
      ],
    };
    expect(restartDecision(state, strategy(1, 1))).toEqual({ killOld: [], killNew: ['c', 'b'], launchNew: 0, done: false });
  });

  it('with 0 target instances kills every old instance and is done when none is left', () => {
    expect(restartDecision({ targetInstances: 0, old: olds(3), new: [] }, strategy(1, 0))).toEqual({
      killOld: ['old-2', 'old-1', 'old-0'],
      killNew: [],
      launchNew: 0,
      done: false,
    });
    expect(restartDecision({ targetInstances: 0, old: [], new: [] }, strategy(1, 0)).done).toBe(true);
  });

  it('kills surplus old instances when the target shrank', () => {
    const decision = restartDecision({ targetInstances: 2, old: olds(5), new: [] }, strategy(1, 0));
    expect(decision.killOld).toHaveLength(3);
    expect(decision.launchNew).toBe(0);
  });
});
