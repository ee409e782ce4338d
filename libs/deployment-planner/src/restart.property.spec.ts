import fc from 'fast-check';
import { restartDecision, type RestartDecision, type RestartStrategy } from './restart';

/**
 * Simulates whole rolling restarts: after every random event (a kill completes, a queued instance
 * launches, a new instance turns healthy and ready, and in the flaky runs an instance fails or an old
 * one turns unhealthy) the decision is asked again, most of the time, and applied.
 */
interface World {
  old: { id: string; healthy: boolean; startedAt: number; killing: boolean }[];
  new: { id: string; healthyAndReady: boolean; launched: boolean }[];
  nextId: number;
  faultsLeft: number;
}

// Fractions with up to 3 decimals, as upgrade strategies are written: with n ≤ 10 their products stay
// clear of the 6-decimal snapping in `restartBounds`, where a sub-1e-6 value (e.g. 5e-7) would be
// rounded differently by the oracle's tolerance than by the library's documented rule.
const fraction = fc.oneof(fc.constantFrom(0, 0.1, 0.25, 0.5, 0.7, 0.75, 1), fc.integer({ min: 0, max: 1000 }).map((i) => i / 1000));
const scenario = fc.record({
  n: fc.integer({ min: 0, max: 10 }),
  mhc: fraction,
  moc: fraction,
  oldCount: fc.integer({ min: 0, max: 12 }),
  oldHealth: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
  killSelection: fc.constantFrom('YOUNGEST_FIRST' as const, 'OLDEST_FIRST' as const),
  choices: fc.infiniteStream(fc.nat()),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

/** Independent of the lib: the bounds with a little slack for floating point. */
function oracleBounds(n: number, s: RestartStrategy) {
  const minHealthy = Math.ceil(n * s.minimumHealthCapacity - 1e-6);
  const maxCapacity = Math.floor(n * (1 + s.maximumOverCapacity) + 1e-6);
  return { minHealthy, maxCapacity, limit: maxCapacity + (n > 0 && minHealthy === maxCapacity ? 1 : 0) };
}

/** A plain throw: `expect` is too slow for the inner loop of thousands of simulated steps. */
function check(ok: boolean, what: string, w?: World): void {
  if (!ok) throw new Error(`${what}${w ? `: ${JSON.stringify({ old: w.old, new: w.new })}` : ''}`);
}

const healthyCount = (w: World) => w.old.filter((o) => o.healthy && !o.killing).length + w.new.filter((i) => i.healthyAndReady).length;
const total = (w: World) => w.old.length + w.new.length;

function apply(w: World, d: RestartDecision): void {
  for (const id of d.killOld) {
    const victim = w.old.find((o) => o.id === id);
    check(victim !== undefined && !victim.killing, `kills ${id} twice or an unknown instance`, w);
    victim!.killing = true;
  }
  w.new = w.new.filter((i) => !d.killNew.includes(i.id));
  for (let k = 0; k < d.launchNew; k++) w.new.push({ id: `new-${w.nextId++}`, healthyAndReady: false, launched: false });
}

/** The events that can happen next; flaky worlds may also fail instances or make old ones unhealthy. */
function events(w: World, flaky: boolean): (() => void)[] {
  const out: (() => void)[] = [];
  for (const o of w.old) if (o.killing) out.push(() => (w.old = w.old.filter((x) => x !== o)));
  for (const i of w.new) {
    if (!i.launched) out.push(() => (i.launched = true));
    else if (!i.healthyAndReady) out.push(() => (i.healthyAndReady = true));
  }
  if (flaky && w.faultsLeft > 0) {
    const fault = () => w.faultsLeft--;
    for (const i of w.new) out.push(() => (fault(), (w.new = w.new.filter((x) => x !== i))));
    for (const o of w.old) if (o.healthy && !o.killing) out.push(() => (fault(), (o.healthy = false)));
  }
  return out;
}

function simulate(s: Scenario, flaky: boolean, allHealthy: boolean): void {
  const strategy: RestartStrategy = { minimumHealthCapacity: s.mhc, maximumOverCapacity: s.moc, killSelection: s.killSelection };
  const { minHealthy, limit } = oracleBounds(s.n, strategy);
  const oldCount = allHealthy ? s.n : s.oldCount;
  const w: World = {
    old: Array.from({ length: oldCount }, (_, i) => ({ id: `old-${i}`, healthy: allHealthy || s.oldHealth[i]!, startedAt: i, killing: false })),
    new: [],
    nextId: 0,
    faultsLeft: flaky ? 6 : 0,
  };
  const startedHealthy = healthyCount(w) >= minHealthy;
  const decide = (): RestartDecision => {
    const before = { healthy: healthyCount(w), total: total(w) };
    const decision = restartDecision({ targetInstances: s.n, old: w.old, new: w.new }, strategy);
    apply(w, decision);
    // Our kills never take the healthy count below minHealthy (nor lower than it already was).
    check(healthyCount(w) >= Math.min(minHealthy, before.healthy), `healthy below ${minHealthy}`, w);
    // Launches never go beyond capacity (plus one when minHealthy = maxCapacity).
    check(decision.launchNew === 0 || total(w) <= limit, `launched beyond ${limit}`, w);
    check(total(w) <= Math.max(limit, before.total), 'total grew beyond capacity', w);
    check(w.new.length <= s.n, 'more new instances than the target', w);
    return decision;
  };

  const choices = s.choices[Symbol.iterator]();
  let decision = decide();
  for (let step = 0; !decision.done; step++) {
    check(step < 2000, 'no end after 2000 events', w);
    const possible = events(w, flaky);
    if (possible.length === 0) {
      const again = decide();
      // Nothing can happen and the decision changes nothing: a deadlock.
      check(again.killOld.length + again.killNew.length + again.launchNew > 0 || again.done, 'deadlock', w);
      decision = again;
      continue;
    }
    possible[choices.next().value % possible.length]!();
    if (!flaky && startedHealthy) check(healthyCount(w) >= minHealthy, `healthy below ${minHealthy} after an event`, w);
    if (choices.next().value % 4 !== 0) decision = decide();
  }
  expect(w.old).toEqual([]);
  expect(w.new).toHaveLength(s.n);
  expect(w.new.every((i) => i.healthyAndReady)).toBe(true);
}

describe('rolling restart simulation', () => {
  it('from a fully healthy app: stays at or above minHealthy, within capacity, and ends with n new instances', () => {
    fc.assert(
      fc.property(scenario, (s) => simulate(s, false, true)),
      { numRuns: 400 },
    );
  });

  it('from any old population (unhealthy ones, more or fewer than n): same bounds, always terminates', () => {
    fc.assert(
      fc.property(scenario, (s) => simulate(s, false, false)),
      { numRuns: 400 },
    );
  });

  it('with failing new instances and old ones turning unhealthy: kills never cause a drop, and it still terminates', () => {
    fc.assert(
      fc.property(scenario, (s) => simulate(s, true, false)),
      { numRuns: 400 },
    );
  });
});
