import {
  DEFAULT_MIN_ALLOCATABLE,
  isAllocatable,
  parseMinAllocatable,
  ResourceParseError,
  ResourceQuantities,
  Resources,
} from './index';

const Q = ResourceQuantities.of;
const P = (text: string): Resources => Resources.parse(text);

describe('ResourceQuantities', () => {
  it('sums scalars over roles and ignores ranges and sets', () => {
    const q = ResourceQuantities.from(P('cpus:1;cpus(web):0.5;mem(x):32;ports:[1-9];s:{a};foo:2'));
    expect(q.toString()).toBe('cpus:1.5;mem:32;foo:2');
    expect(q.get('cpus')).toBe(1500);
    expect(q.get('ports')).toBe(0);
    expect(q.names()).toEqual(['cpus', 'mem', 'foo']);
  });

  it('of() takes units, drops zeros and orders names canonically', () => {
    const q = Q({ zeta: 1, mem: 32, cpus: 0.01, disk: 0 });
    expect(q.toString()).toBe('cpus:0.01;mem:32;zeta:1');
    expect(q.get('mem')).toBe(32000);
    expect(q.toJSON()).toEqual({ cpus: 0.01, mem: 32, zeta: 1 });
    expect(ResourceQuantities.ofMilli({ cpus: 10 }).equals(Q({ cpus: 0.01 }))).toBe(true);
  });

  it.each<[Record<string, number>, string]>([
    [{ cpus: -1 }, "'-1'"],
    [{ cpus: NaN }, "'NaN'"],
    [{ 'c p': 1 }, "'c p'"],
  ])('of(%j) throws mentioning %s', (entries, quoted) => {
    expect(() => Q(entries)).toThrow(ResourceParseError);
    expect(() => Q(entries)).toThrow(quoted);
  });

  it('adds exactly and subtracts clamping at zero', () => {
    const a = Q({ cpus: 0.1, mem: 32 });
    const b = Q({ cpus: 0.2, disk: 5 });
    expect(a.add(b).toString()).toBe('cpus:0.3;mem:32;disk:5');
    expect(a.subtract(b).toString()).toBe('mem:32');
    expect(b.subtract(a).toString()).toBe('cpus:0.1;disk:5');
    expect(a.subtract(a).isEmpty()).toBe(true);
    expect(a.add(ResourceQuantities.EMPTY)).toBe(a);
    expect(ResourceQuantities.EMPTY.add(a)).toBe(a);
  });

  it('containedIn compares against totals over roles', () => {
    const r = P('cpus:0.5;cpus(web):0.5;mem:16');
    expect(Q({ cpus: 1 }).containedIn(r)).toBe(true);
    expect(Q({ cpus: 1.001 }).containedIn(r)).toBe(false);
    expect(Q({ mem: 32 }).containedIn(r)).toBe(false);
    expect(ResourceQuantities.EMPTY.containedIn(Resources.EMPTY)).toBe(true);
  });

  it('isEmpty / equals', () => {
    expect(ResourceQuantities.EMPTY.isEmpty()).toBe(true);
    expect(Q({ cpus: 0 }).isEmpty()).toBe(true);
    expect(Q({ cpus: 1 }).equals(Q({ cpus: 1 }))).toBe(true);
    expect(Q({ cpus: 1 }).equals(Q({ cpus: 2 }))).toBe(false);
    expect(Q({ cpus: 1 }).equals(Q({ mem: 1 }))).toBe(false);
  });
});

describe('min allocatable resources', () => {
  it('defaults to cpus:0.01|mem:32', () => {
    expect(DEFAULT_MIN_ALLOCATABLE.map(String)).toEqual(['cpus:0.01', 'mem:32']);
  });

  it.each([
    ['cpus:0.01|mem:32', ['cpus:0.01', 'mem:32']],
    [' cpus:1;mem:128 | gpus:1 ', ['cpus:1;mem:128', 'gpus:1']],
    ['disk:10', ['disk:10']],
  ])('parseMinAllocatable(%p)', (text, expected) => {
    expect(parseMinAllocatable(text).map(String)).toEqual(expected);
  });

  it.each([
    ['', "''"],
    ['cpus:1||mem:2', 'empty alternative'],
    ['cpus(web):1', "'cpus(web):1'"],
    ['ports:[1-2]', "'ports:[1-2]'"],
    ['cpus:x', "'x'"],
  ])('parseMinAllocatable(%p) throws mentioning %s', (text, quoted) => {
    expect(() => parseMinAllocatable(text)).toThrow(ResourceParseError);
    expect(() => parseMinAllocatable(text)).toThrow(quoted);
  });

  it.each([
    ['cpus:0.01', true],
    ['mem:32', true],
    ['cpus:0.009;mem:31', false],
    ['cpus(web):0.005;cpus:0.005', true],
    ['ports:[1-100]', false],
    ['', false],
  ])('isAllocatable(%p) = %p with the defaults', (text, expected) => {
    expect(isAllocatable(P(text))).toBe(expected);
  });

  it('isAllocatable with custom minimums', () => {
    const mins = parseMinAllocatable('cpus:1;mem:128');
    expect(isAllocatable(P('cpus:1;mem:128'), mins)).toBe(true);
    expect(isAllocatable(P('cpus:4'), mins)).toBe(false);
  });
});
