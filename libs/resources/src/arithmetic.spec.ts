import { InsufficientResourcesError, ResourceParseError, Resources } from './index';

const P = (text: string): Resources => Resources.parse(text);

describe('add', () => {
  it.each([
    ['', '', ''],
    ['cpus:1', '', 'cpus:1'],
    ['', 'cpus:1', 'cpus:1'],
    ['cpus:0.1', 'cpus:0.2', 'cpus:0.3'],
    ['cpus:1;mem:10', 'mem:5;disk:3', 'cpus:1;mem:15;disk:3'],
    ['cpus:1', 'cpus(web):1', 'cpus:1;cpus(web):1'],
    ['ports:[1-5]', 'ports:[6-9,20-21]', 'ports:[1-9,20-21]'],
    ['ports:[1-5]', 'ports(web):[6-9]', 'ports:[1-5];ports(web):[6-9]'],
    ['s:{a,c}', 's:{b,c}', 's:{a,b,c}'],
    ['gpus:1', 'gpus:2', 'gpus:3'],
  ])('%p + %p = %p', (a, b, sum) => {
    expect(P(a).add(P(b)).toString()).toBe(sum);
  });

  it('returns an operand unchanged when the other is empty', () => {
    const a = P('cpus:1');
    expect(a.add(Resources.EMPTY)).toBe(a);
    expect(Resources.EMPTY.add(a)).toBe(a);
  });

  it('rejects mixing types for one name', () => {
    expect(() => P('x:1').add(P('x(web):[1-2]'))).toThrow(ResourceParseError);
    expect(() => P('x:1').add(P('x:{a}'))).toThrow(/'x'/);
  });

  it('does not mutate its operands', () => {
    const a = P('cpus:1;ports:[1-2]');
    const b = P('cpus:2;ports:[3-4]');
    a.add(b);
    expect(a.toString()).toBe('cpus:1;ports:[1-2]');
    expect(b.toString()).toBe('cpus:2;ports:[3-4]');
  });
});

describe('sum', () => {
  it('equals adding the bags one by one', () => {
    const bags = ['cpus:0.1;mem:32', 'cpus:0.2;ports:[31000-31001]', '', 'cpus(web):1;ports:[31002-31005]', 's:{a}', 's:{b};gpus:1'].map(P);
    const oneByOne = bags.reduce((sum, b) => sum.add(b), Resources.EMPTY);
    expect(Resources.sum(bags).toString()).toBe(oneByOne.toString());
    expect(Resources.sum(bags).toString()).toBe('cpus:0.3;mem:32;gpus:1;ports:[31000-31005];s:{a,b};cpus(web):1');
  });

  it('is empty for no bags and returns a single non-empty bag itself', () => {
    const a = P('cpus:1');
    expect(Resources.sum([])).toBe(Resources.EMPTY);
    expect(Resources.sum([Resources.EMPTY, a, Resources.EMPTY])).toBe(a);
  });

  it('rejects mixing types for one name', () => {
    expect(() => Resources.sum([P('x:1'), P('x(web):[1-2]')])).toThrow(ResourceParseError);
  });
});

describe('subtract', () => {
  it.each([
    ['cpus:1', '', 'cpus:1'],
    ['cpus:1', 'cpus:1', ''],
    ['cpus:0.3', 'cpus:0.1', 'cpus:0.2'],
    ['cpus:4;mem:1024', 'cpus:1.5', 'cpus:2.5;mem:1024'],
    ['cpus:1;cpus(web):2', 'cpus(web):2', 'cpus:1'],
    ['ports:[31000-31010]', 'ports:[31003-31004]', 'ports:[31000-31002,31005-31010]'],
    ['ports:[1-5]', 'ports:[1-5]', ''],
    ['s:{a,b,c}', 's:{b}', 's:{a,c}'],
    ['s:{a}', 's:{a}', ''],
  ])('%p - %p = %p', (a, b, diff) => {
    expect(P(a).subtract(P(b)).toString()).toBe(diff);
  });

  it.each([
    ['cpus:1', 'cpus:2', 'cpus(*): wanted 2, available 1'],
    ['cpus:1.5', 'cpus:2', 'cpus(*): wanted 2, available 1.5'],
    ['', 'mem:1', 'mem(*): wanted 1, available 0'],
    ['cpus:5', 'cpus(web):1', 'cpus(web): wanted 1, available 0'],
    ['cpus(web):5', 'cpus:1', 'cpus(*): wanted 1, available 0'],
    ['ports:[31005-31010]', 'ports:[31000-31000]', 'ports(*): wanted [31000-31000], available [31005-31010]'],
    ['s:{a}', 's:{b}', 's(*): wanted {b}, available {a}'],
    ['x:1', 'x:[1-1]', 'x(*): wanted [1-1], available 1'],
  ])('%p - %p throws InsufficientResourcesError (%s)', (a, b, message) => {
    let err: unknown;
    try {
      P(a).subtract(P(b));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InsufficientResourcesError);
    expect((err as Error).name).toBe('InsufficientResourcesError');
    expect((err as Error).message).toContain(message);
  });

  it('lists every shortfall', () => {
    expect(() => P('cpus:1;mem:1').subtract(P('cpus:2;mem:2;disk:1'))).toThrow(
      'insufficient resources: cpus(*): wanted 2, available 1; mem(*): wanted 2, available 1; disk(*): wanted 1, available 0',
    );
  });
});

describe('contains / fits', () => {
  it.each([
    ['', '', true],
    ['cpus:1', '', true],
    ['', 'cpus:1', false],
    ['cpus:1', 'cpus:1', true],
    ['cpus:1', 'cpus:1.001', false],
    ['cpus:4;mem:1024;ports:[1-100]', 'cpus:2;ports:[5-6,99-100]', true],
    ['cpus:4;mem:1024;ports:[1-100]', 'cpus:2;ports:[100-101]', false],
    ['cpus:4', 'cpus(web):1', false], // role-exact
    ['cpus(web):4', 'cpus:1', false],
    ['cpus:1;cpus(web):4', 'cpus(web):4;cpus:1', true],
    ['s:{a,b}', 's:{a}', true],
    ['s:{a,b}', 's:{c}', false],
    ['x:1', 'x:[1-1]', false], // type mismatch never fits
  ])('%p contains %p: %p', (a, b, expected) => {
    expect(P(a).contains(P(b))).toBe(expected);
    expect(P(a).fits(P(b)).ok).toBe(expected);
  });

  it('explains every shortfall', () => {
    const result = P('cpus:1.5;mem:64;ports:[31005-31010]').fits(P('cpus:2;mem:32;ports:[31000-31000];gpus:1'));
    expect(result).toEqual({
      ok: false,
      shortfalls: [
        { name: 'cpus', role: '*', wanted: '2', available: '1.5', message: 'cpus(*): wanted 2, available 1.5' },
        { name: 'gpus', role: '*', wanted: '1', available: '0', message: 'gpus(*): wanted 1, available 0' },
        {
          name: 'ports',
          role: '*',
          wanted: '[31000-31000]',
          available: '[31005-31010]',
          message: 'ports(*): wanted [31000-31000], available [31005-31010]',
        },
      ],
    });
  });
});

describe('equals / isEmpty / accessors', () => {
  it('compares by value', () => {
    expect(P('cpus:1;mem:2').equals(P('mem:2;cpus:1'))).toBe(true);
    expect(P('cpus:1').equals(P('cpus(web):1'))).toBe(false);
    expect(P('cpus:1').equals(P('cpus:1;mem:1'))).toBe(false);
    expect(P('ports:[1-2]').equals(P('ports:[1-3]'))).toBe(false);
    expect(P('s:{a}').equals(P('s:{b}'))).toBe(false);
    expect(P('').equals(Resources.EMPTY)).toBe(true);
  });

  it('isEmpty', () => {
    expect(Resources.EMPTY.isEmpty()).toBe(true);
    expect(P('cpus:0').isEmpty()).toBe(true);
    expect(P('cpus:0.001').isEmpty()).toBe(false);
  });

  it('reads scalars summed over roles, or for one role', () => {
    const r = P('cpus:1.5;cpus(web):0.25;mem:1024;mem(web):32;disk:10;gpus(web):2');
    expect([r.cpus(), r.mem(), r.disk(), r.gpus()]).toEqual([1.75, 1056, 10, 2]);
    expect(r.scalarMilli('cpus')).toBe(1750);
    expect(r.scalarMilli('cpus', 'web')).toBe(250);
    expect(r.scalarMilli('cpus', '*')).toBe(1500);
    expect(r.scalarMilli('nothing')).toBe(0);
  });

  it('ports() unions over roles', () => {
    expect(P('ports:[1-2];ports(web):[3-4,9-9]').ports()).toEqual([
      { begin: 1, end: 4 },
      { begin: 9, end: 9 },
    ]);
    expect(P('cpus:1').ports()).toEqual([]);
  });

  it('get / names / valueOf / iteration', () => {
    const r = P('s:{a};cpus(web):1;cpus:2');
    expect(r.get('cpus', 'web')).toEqual({ type: 'scalar', milli: 1000 });
    expect(r.get('cpus')).toEqual({ type: 'scalar', milli: 2000 });
    expect(r.get('mem')).toBeUndefined();
    expect(r.names()).toEqual(['cpus', 's']);
    expect(r.valueOf('cpus')).toEqual({ type: 'scalar', milli: 3000 });
    expect([...r].map((e) => `${e.name}(${e.role})`)).toEqual(['cpus(*)', 'cpus(web)', 's(*)']);
  });

  it('caches derived values on the instance', () => {
    const r = P('cpus:1;mem:2;cpus(web):1');
    expect(r.toString()).toBe(r.toString());
    expect(r.quantities()).toBe(r.quantities());
    expect(r.unreserved()).toBe(r.unreserved());
    expect(r.allocatableTo('web')).toBe(r.allocatableTo('web'));
  });
});
