import fc from 'fast-check';
import { Ranges, Resources } from '@strato/resources';
import { matchOffer } from './match';
import { offer, request } from './test-fixtures';
import type { PlacementRequest } from './request';

const roleArb = fc.constantFrom('*', 'web');
const scalarArb = fc.integer({ min: 0, max: 6000 }).map((m) => m / 1000);
const wantArb = fc.integer({ min: 0, max: 3000 }).map((m) => m / 1000);

/** Each scalar under each role (often 0) and a ports range per role, so matches succeed and fail in many ways. */
const partArb = (role: string) =>
  fc
    .tuple(scalarArb, scalarArb, scalarArb, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: -1, max: 6 }))
    .map(([cpus, mem, disk, gpus, begin, len]) =>
      [
        Resources.scalar('cpus', cpus, role),
        Resources.scalar('mem', mem, role),
        Resources.scalar('disk', disk, role),
        Resources.scalar('gpus', gpus, role),
        len < 0 ? Resources.EMPTY : Resources.ranges('ports', [{ begin, end: begin + len }], role),
      ].reduce((a, b) => a.add(b)),
    );

const resourcesArb = fc.tuple(partArb('*'), partArb('web')).map(([a, b]) => a.add(b));

const requestArb: fc.Arbitrary<PlacementRequest> = fc.record({
  cpus: wantArb,
  mem: wantArb,
  disk: wantArb,
  gpus: fc.constantFrom(0, 0, 0, 1),
  ports: fc.integer({ min: 0, max: 4 }),
  fixedPorts: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 66 }), { maxLength: 2 }), { nil: undefined, freq: 3 }),
  acceptedResourceRoles: fc.option(fc.subarray(['*', 'web'], { minLength: 1 }), { nil: undefined }),
  role: roleArb,
}).map((r) => request(r));

const randomArb = fc.option(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { nil: undefined });

describe('matchOffer properties', () => {
  let successes = 0;

  afterAll(() => {
    // Guard against a generator that never produces a match (the properties would hold vacuously).
    expect(successes).toBeGreaterThan(50);
  });

  it('a successful match never takes more than the offer has, and its resources are contained in the offer', () => {
    fc.assert(
      fc.property(resourcesArb, requestArb, fc.constantFrom(true, true, true, false), randomArb, (resources, req, sameRole, r) => {
        const o = { ...offer({ role: sameRole ? req.role : 'web' }), resources };
        const result = matchOffer(req, o, [], r === undefined ? {} : { random: () => r });
        if (!result.ok) return;
        successes++;
        expect(resources.contains(result.resources)).toBe(true);
        expect(resources.fits(result.resources)).toEqual({ ok: true });
        expect(result.resources.quantities().containedInQuantities(resources.quantities())).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('a successful match launches exactly the request: scalars and one port per host port', () => {
    fc.assert(
      fc.property(resourcesArb, requestArb, randomArb, (resources, req, r) => {
        const o = { ...offer({ role: req.role }), resources };
        const result = matchOffer(req, o, [], r === undefined ? {} : { random: () => r });
        if (!result.ok) return;
        expect(result.resources.cpus()).toBe(req.cpus);
        expect(result.resources.mem()).toBe(req.mem);
        expect(result.resources.gpus()).toBe(req.gpus);
        const count = req.fixedPorts?.length ?? req.ports;
        expect(result.hostPorts).toHaveLength(count);
        expect(new Set(result.hostPorts).size).toBe(count);
        expect(Ranges.count(result.resources.ports())).toBe(count);
        for (const p of result.hostPorts) expect(Ranges.contains(result.resources.ports(), [{ begin: p, end: p }])).toBe(true);
        for (const p of req.fixedPorts ?? []) if (p !== 0) expect(result.hostPorts).toContain(p);
      }),
      { numRuns: 500 },
    );
  });

  it('a rejection always has a reason, each reason at most once', () => {
    fc.assert(
      fc.property(resourcesArb, requestArb, roleArb, (resources, req, offerRole) => {
        const result = matchOffer(req, { ...offer({ role: offerRole }), resources }, []);
        if (result.ok) return;
        const reasons = result.reasons.map((x) => x.reason);
        expect(reasons.length).toBeGreaterThan(0);
        expect(new Set(reasons).size).toBe(reasons.length);
      }),
      { numRuns: 300 },
    );
  });
});
