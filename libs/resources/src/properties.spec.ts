import fc from 'fast-check';
import { fromMilli, Range, Ranges, Resource, ResourceQuantities, Resources, toMilli } from './index';

// Each name has one fixed type, as Resources requires.
const ROLES = ['*', 'web', 'eng/prod', 'ads'];
const arbRole = fc.constantFrom(...ROLES);
const arbRange: fc.Arbitrary<Range> = fc
  .tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 20 }))
  .map(([begin, len]) => ({ begin, end: begin + len }));
const arbRanges = fc.array(arbRange, { maxLength: 6 });

const arbEntry: fc.Arbitrary<Resource> = fc.oneof(
  fc.record({
    name: fc.constantFrom('cpus', 'mem', 'disk', 'custom'),
    role: arbRole,
    value: fc.integer({ min: 0, max: 10_000_000 }).map((milli) => ({ type: 'scalar' as const, milli })),
  }),
  fc.record({
    name: fc.constant('gpus'),
    role: arbRole,
    value: fc.integer({ min: 0, max: 8 }).map((n) => ({ type: 'scalar' as const, milli: n * 1000 })),
  }),
  fc.record({
    name: fc.constantFrom('ports', 'ephemeral'),
    role: arbRole,
    value: arbRanges.map((ranges) => ({ type: 'ranges' as const, ranges })),
  }),
  fc.record({
    name: fc.constant('bugs'),
    role: arbRole,
    value: fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'x.y'), { maxLength: 4 }).map((items) => ({ type: 'set' as const, items })),
  }),
);
const arbResources: fc.Arbitrary<Resources> = fc.array(arbEntry, { maxLength: 10 }).map((es) => Resources.from(es));

describe('Resources properties', () => {
  it('add is commutative', () => {
    fc.assert(fc.property(arbResources, arbResources, (a, b) => a.add(b).equals(b.add(a))));
  });

  it('add is associative', () => {
    fc.assert(
      fc.property(arbResources, arbResources, arbResources, (a, b, c) => a.add(b).add(c).equals(a.add(b.add(c)))),
    );
  });

  it('EMPTY is the identity', () => {
    fc.assert(fc.property(arbResources, (a) => a.add(Resources.EMPTY).equals(a) && a.subtract(Resources.EMPTY).equals(a)));
  });

  it('a + b contains a and b', () => {
    fc.assert(fc.property(arbResources, arbResources, (a, b) => a.add(b).contains(a) && a.add(b).contains(b)));
  });

  it('(a + b) - b = a for scalars; for ranges and sets (a + b) - b is contained in a', () => {
    fc.assert(
      fc.property(arbResources, arbResources, (a, b) => {
        const back = a.add(b).subtract(b);
        return a.contains(back) && back.quantities().equals(a.quantities());
      }),
    );
  });

  it('a - b + b = a whenever a contains b', () => {
    fc.assert(
      fc.property(arbResources, arbResources, (a, b) => {
        const total = a.add(b);
        return total.subtract(b).add(b).equals(total) && total.subtract(a).add(a).equals(total);
      }),
    );
  });

  it('subtract then contains: a contains a - b, and subtract throws exactly when not contained', () => {
    fc.assert(
      fc.property(arbResources, arbResources, (a, b) => {
        if (!a.contains(b)) {
          expect(() => a.subtract(b)).toThrow('insufficient resources');
          return a.fits(b).ok === false;
        }
        const d = a.subtract(b);
        return a.contains(d) && d.add(b).equals(a) && a.fits(b).ok;
      }),
    );
  });

  it('contains agrees with fits', () => {
    fc.assert(fc.property(arbResources, arbResources, (a, b) => a.contains(b) === a.fits(b).ok));
  });

  it('parse(toString(r)) equals r', () => {
    fc.assert(fc.property(arbResources, (r) => Resources.parse(r.toString()).equals(r)));
  });

  it('parse(JSON(toMesosJSON(r))) equals r', () => {
    fc.assert(fc.property(arbResources, (r) => Resources.parse(JSON.stringify(r.toMesosJSON())).equals(r)));
  });

  it('from(toList(r)) equals r and toList is in canonical order', () => {
    fc.assert(
      fc.property(arbResources, (r) => {
        const list = r.toList();
        return Resources.from([...list].reverse()).equals(r) && Resources.from(list).toString() === r.toString();
      }),
    );
  });

  it('allocatableTo(role) = unreserved + reservedTo(role)', () => {
    fc.assert(
      fc.property(arbResources, arbRole, (r, role) => r.allocatableTo(role).equals(r.unreserved().add(r.reservedTo(role)))),
    );
  });

  it('withRole keeps quantities', () => {
    fc.assert(fc.property(arbResources, arbRole, (r, role) => r.withRole(role).quantities().equals(r.quantities())));
  });

  it('quantities are additive', () => {
    fc.assert(
      fc.property(arbResources, arbResources, (a, b) => a.add(b).quantities().equals(a.quantities().add(b.quantities()))),
    );
  });
});

describe('Ranges properties', () => {
  it('normalize is idempotent and order-independent', () => {
    fc.assert(
      fc.property(arbRanges, (rs) => {
        const n = Ranges.normalize(rs);
        expect(Ranges.normalize(n)).toEqual(n);
        expect(Ranges.normalize([...rs].reverse())).toEqual(n);
        return n.every((r, i) => i === 0 || r.begin > n[i - 1].end + 1);
      }),
    );
  });

  it('add, subtract, contains and count agree with a set model', () => {
    const model = (rs: readonly Range[]): Set<number> => {
      const s = new Set<number>();
      for (const r of rs) for (let v = r.begin; v <= r.end; v++) s.add(v);
      return s;
    };
    const sorted = (s: Set<number>): number[] => [...s].sort((x, y) => x - y);
    fc.assert(
      fc.property(arbRanges, arbRanges, (a, b) => {
        const ma = model(a);
        const mb = model(b);
        expect(sorted(model(Ranges.add(a, b)))).toEqual(sorted(new Set([...ma, ...mb])));
        expect(sorted(model(Ranges.subtract(a, b)))).toEqual(sorted(ma).filter((v) => !mb.has(v)));
        expect(Ranges.contains(a, b)).toBe([...mb].every((v) => ma.has(v)));
        expect(Ranges.count(a)).toBe(ma.size);
      }),
    );
  });

  it('takeLowest takes exactly the n lowest values', () => {
    fc.assert(
      fc.property(arbRanges, fc.integer({ min: 0, max: 50 }), (rs, n) => {
        const taken = Ranges.takeLowest(rs, n);
        const count = Ranges.count(rs);
        if (n > count) return taken === undefined;
        if (taken === undefined) return false;
        const lowest = Ranges.normalize(rs);
        return Ranges.count(taken) === n && Ranges.contains(lowest, taken) &&
          Ranges.subtract(lowest, taken).every((r) => taken.every((t) => t.end < r.begin));
      }),
    );
  });

  it('parse(format(r)) = normalize(r)', () => {
    fc.assert(fc.property(arbRanges, (rs) => {
      const n = Ranges.normalize(rs);
      expect(Ranges.parse(Ranges.format(n))).toEqual(n);
    }));
  });
});

describe('fixed point', () => {
  it('sums of random thousandths never drift', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000_000 }), { maxLength: 200 }), (millis) => {
        let r = Resources.EMPTY;
        let q = ResourceQuantities.EMPTY;
        for (const m of millis) {
          r = r.add(Resources.scalar('cpus', fromMilli(m)));
          q = q.add(ResourceQuantities.ofMilli({ mem: m }));
        }
        const exact = millis.reduce((s, m) => s + m, 0);
        return r.scalarMilli('cpus') === exact && q.get('mem') === exact;
      }),
    );
  });

  it('toMilli(fromMilli(m)) = m and text round trips are exact', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (m) => {
        const r = Resources.scalar('mem', fromMilli(m));
        return toMilli(fromMilli(m)) === m && Resources.parse(r.toString()).scalarMilli('mem') === m;
      }),
    );
  });

  it('0.1 + 0.2 cpus is exactly 0.3 cpus', () => {
    const sum = Resources.scalar('cpus', 0.1).add(Resources.scalar('cpus', 0.2));
    expect(sum.equals(Resources.scalar('cpus', 0.3))).toBe(true);
    expect(sum.cpus()).toBe(0.3);
  });
});
