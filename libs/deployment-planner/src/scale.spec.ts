import fc from 'fast-check';
import type { InstanceCondition } from './kill-order';
import { scaleDecision, type ScaleInstance } from './scale';

const running = (id: string, startedAt: number, healthy?: boolean): ScaleInstance => ({ id, state: 'Running', startedAt, healthy });

describe('scaleDecision', () => {
  const three = [running('t1', 1000), running('t2', 3000), running('t3', 2000)];

  it('launches the difference when scaling up and kills nothing, even unhealthy instances', () => {
    const current = [running('a', 1, false), { id: 'b', state: 'Staging' as const }];
    expect(scaleDecision(current, 5, 'YOUNGEST_FIRST')).toEqual({ launch: 3, kill: [] });
  });

  it('does nothing at the target', () => {
    expect(scaleDecision(three, 3, 'YOUNGEST_FIRST')).toEqual({ launch: 0, kill: [] });
  });

  it.each`
    selection          | target | kill
    ${'YOUNGEST_FIRST'} | ${2}   | ${['t2']}
    ${'YOUNGEST_FIRST'} | ${1}   | ${['t2', 't3']}
    ${'OLDEST_FIRST'}   | ${2}   | ${['t1']}
    ${'OLDEST_FIRST'}   | ${1}   | ${['t1', 't3']}
    ${'OLDEST_FIRST'}   | ${0}   | ${['t1', 't3', 't2']}
  `('$selection to $target kills $kill', ({ selection, target, kill }) => {
    expect(scaleDecision(three, target, selection)).toEqual({ launch: 0, kill });
  });

  it('kills in condition order before killSelection: not running, unreachable, unhealthy, staging, starting, running', () => {
    const current: ScaleInstance[] = [
      running('healthy-old', 1),
      running('healthy-young', 9),
      { id: 'starting', state: 'Starting', startedAt: 5 },
      { id: 'staging', state: 'Staging', startedAt: 5 },
      running('unhealthy', 1, false),
      { id: 'unreachable', state: 'Unreachable', startedAt: 1 },
      { id: 'scheduled', state: 'Scheduled' },
      { id: 'failed', state: 'Failed', startedAt: 1 },
      running('unchecked', 5, undefined),
    ];
    expect(scaleDecision(current, 0, 'OLDEST_FIRST').kill).toEqual([
      'scheduled',
      'failed',
      'unreachable',
      'unhealthy',
      'staging',
      'starting',
      'healthy-old',
      'unchecked',
      'healthy-young',
    ]);
  });

  it('kills instances with an unknown start time first among equals, then goes by id', () => {
    const current = [running('b', 5), { id: 'z', state: 'Running' as const }, running('a', 5)];
    expect(scaleDecision(current, 0, 'YOUNGEST_FIRST').kill).toEqual(['z', 'a', 'b']);
  });

  it('neither counts nor kills UnreachableInactive instances (their replacement runs already)', () => {
    const current: ScaleInstance[] = [running('a', 1), running('b', 2), { id: 'gone', state: 'UnreachableInactive', startedAt: 0 }];
    expect(scaleDecision(current, 2, 'YOUNGEST_FIRST')).toEqual({ launch: 0, kill: [] });
    expect(scaleDecision(current, 1, 'OLDEST_FIRST')).toEqual({ launch: 0, kill: ['a'] });
  });

  it('kills sentenced instances first (kill and scale)', () => {
    expect(scaleDecision(three, 2, 'YOUNGEST_FIRST', ['t1'])).toEqual({ launch: 0, kill: ['t1'] });
    expect(scaleDecision(three, 1, 'YOUNGEST_FIRST', ['t1'])).toEqual({ launch: 0, kill: ['t1', 't2'] });
  });

  it('replaces sentenced instances when killing them leaves too few, and ignores unknown ids', () => {
    expect(scaleDecision(three, 3, 'YOUNGEST_FIRST', ['t3', 'nope'])).toEqual({ launch: 1, kill: ['t3'] });
  });
});

const CONDITIONS: InstanceCondition[] = ['Scheduled', 'Staging', 'Starting', 'Running', 'Unreachable', 'UnreachableInactive', 'Failed'];
const instances = fc.uniqueArray(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 4 }),
    state: fc.constantFrom(...CONDITIONS),
    healthy: fc.option(fc.boolean(), { nil: undefined }),
    startedAt: fc.option(fc.nat({ max: 100 }), { nil: undefined }),
  }),
  { selector: (i) => i.id, maxLength: 12 },
);

describe('scaleDecision properties', () => {
  it('ends at exactly the target, never kills when scaling up, and kills only counted instances', () => {
    fc.assert(
      fc.property(instances, fc.nat({ max: 15 }), fc.constantFrom('YOUNGEST_FIRST' as const, 'OLDEST_FIRST' as const), (current, target, sel) => {
        const counted = current.filter((i) => i.state !== 'UnreachableInactive');
        const { launch, kill } = scaleDecision(current, target, sel);
        expect(counted.length - kill.length + launch).toBe(target);
        expect(new Set(kill).size).toBe(kill.length);
        expect(kill.every((id) => counted.some((i) => i.id === id))).toBe(true);
        if (target >= counted.length) expect(kill).toEqual([]);
        else expect(launch).toBe(0);
      }),
    );
  });

  it('kills a prefix of the full kill order (scaling down further only adds victims)', () => {
    fc.assert(
      fc.property(instances, fc.constantFrom('YOUNGEST_FIRST' as const, 'OLDEST_FIRST' as const), (current, sel) => {
        const all = scaleDecision(current, 0, sel).kill;
        for (let target = 0; target <= all.length; target++) {
          expect(scaleDecision(current, target, sel).kill).toEqual(all.slice(0, all.length - target));
        }
      }),
    );
  });
});
