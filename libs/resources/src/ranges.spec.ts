import { Range, Ranges, ResourceParseError } from './index';

const r = (begin: number, end: number): Range => ({ begin, end });

describe('Ranges.normalize', () => {
  it.each<[Range[], Range[]]>([
    [[], []],
    [[r(1, 1)], [r(1, 1)]],
    [[r(5, 9), r(1, 2)], [r(1, 2), r(5, 9)]],
    [[r(1, 5), r(3, 9)], [r(1, 9)]],
    [[r(1, 2), r(3, 4)], [r(1, 4)]], // adjacent merge
    [[r(1, 10), r(2, 3)], [r(1, 10)]], // contained
    [[r(4, 4), r(1, 1), r(2, 2), r(3, 3)], [r(1, 4)]],
    [[r(0, 0), r(2, 2)], [r(0, 0), r(2, 2)]],
  ])('normalize(%j) = %j', (input, expected) => {
    expect(Ranges.normalize(input)).toEqual(expected);
  });

  it.each<[Range]>([[r(2, 1)], [r(-1, 3)], [r(1.5, 3)], [r(NaN, 3)], [r(1, Infinity)]])('rejects %j', (bad) => {
    expect(() => Ranges.normalize([bad])).toThrow(ResourceParseError);
  });

  it('does not mutate or alias its input', () => {
    const input = [r(5, 9), r(1, 2)];
    const out = Ranges.normalize(input);
    expect(input).toEqual([r(5, 9), r(1, 2)]);
    expect(out).not.toBe(input);
  });
});

describe('Ranges.add / subtract / contains', () => {
  it.each<[Range[], Range[], Range[]]>([
    [[], [], []],
    [[r(1, 5)], [], [r(1, 5)]],
    [[], [r(1, 5)], [r(1, 5)]],
    [[r(1, 5)], [r(6, 9)], [r(1, 9)]],
    [[r(1, 5)], [r(8, 9)], [r(1, 5), r(8, 9)]],
    [[r(1, 3), r(7, 9)], [r(4, 6)], [r(1, 9)]],
    [[r(10, 20)], [r(1, 30)], [r(1, 30)]],
  ])('add(%j, %j) = %j', (a, b, expected) => {
    expect(Ranges.add(a, b)).toEqual(expected);
  });

  it.each<[Range[], Range[], Range[]]>([
    [[r(1, 10)], [], [r(1, 10)]],
    [[r(1, 10)], [r(1, 10)], []],
    [[r(1, 10)], [r(3, 4)], [r(1, 2), r(5, 10)]],
    [[r(1, 10)], [r(1, 1)], [r(2, 10)]],
    [[r(1, 10)], [r(10, 10)], [r(1, 9)]],
    [[r(1, 10)], [r(0, 20)], []],
    [[r(1, 10)], [r(2, 3), r(5, 5), r(9, 12)], [r(1, 1), r(4, 4), r(6, 8)]],
    [[r(1, 3), r(5, 8)], [r(2, 6)], [r(1, 1), r(7, 8)]],
    [[r(1, 5)], [r(20, 30)], [r(1, 5)]],
  ])('subtract(%j, %j) = %j', (a, b, expected) => {
    expect(Ranges.subtract(a, b)).toEqual(expected);
  });

  it.each<[Range[], Range[], boolean]>([
    [[r(1, 10)], [], true],
    [[], [r(1, 1)], false],
    [[r(1, 10)], [r(1, 10)], true],
    [[r(1, 10)], [r(3, 4), r(7, 7)], true],
    [[r(1, 10)], [r(0, 1)], false],
    [[r(1, 10)], [r(10, 11)], false],
    [[r(1, 3), r(5, 8)], [r(3, 5)], false],
    [[r(1, 3), r(5, 8)], [r(2, 3), r(6, 8)], true],
  ])('contains(%j, %j) = %p', (a, b, expected) => {
    expect(Ranges.contains(a, b)).toBe(expected);
  });

  it('accepts unnormalized inputs', () => {
    expect(Ranges.add([r(5, 6), r(1, 2)], [r(3, 4)])).toEqual([r(1, 6)]);
    expect(Ranges.contains([r(5, 6), r(1, 4)], [r(2, 5)])).toBe(true);
  });
});

describe('Ranges.count / takeLowest', () => {
  it.each<[Range[], number]>([
    [[], 0],
    [[r(5, 5)], 1],
    [[r(31000, 32000)], 1001],
    [[r(1, 2), r(2, 3)], 3],
  ])('count(%j) = %p', (input, n) => {
    expect(Ranges.count(input)).toBe(n);
  });

  it.each<[Range[], number, Range[] | undefined]>([
    [[r(31000, 32000)], 0, []],
    [[r(31000, 32000)], 1, [r(31000, 31000)]],
    [[r(31000, 32000)], 3, [r(31000, 31002)]],
    [[r(10, 11), r(1, 2)], 3, [r(1, 2), r(10, 10)]],
    [[r(1, 2), r(10, 11)], 4, [r(1, 2), r(10, 11)]],
    [[r(1, 2), r(10, 11)], 5, undefined],
    [[], 1, undefined],
  ])('takeLowest(%j, %p) = %j', (input, n, expected) => {
    expect(Ranges.takeLowest(input, n)).toEqual(expected);
  });

  it.each([[-1], [1.5], [NaN]])('takeLowest rejects n=%p', (n) => {
    expect(() => Ranges.takeLowest([r(1, 9)], n)).toThrow(ResourceParseError);
  });
});

describe('Ranges.parse / format', () => {
  it.each<[string, Range[]]>([
    ['[]', []],
    ['[31000-32000]', [r(31000, 32000)]],
    ['[31000-32000,33000-33005]', [r(31000, 32000), r(33000, 33005)]],
    [' [ 5 - 9 , 1 - 2 ] ', [r(1, 2), r(5, 9)]],
    ['[1-2,3-4]', [r(1, 4)]],
    ['[0-0]', [r(0, 0)]],
  ])('parse(%p) = %j', (text, expected) => {
    expect(Ranges.parse(text)).toEqual(expected);
  });

  it.each([
    ['[31000]', "'31000'"],
    ['31000-32000', "'31000-32000'"],
    ['[5-1]', "'5-1'"],
    ['[a-b]', "'a'"],
    ['[1-2,]', "''"],
    ['[-1-2]', "''"],
    ['[1.5-2]', "'1.5'"],
    ['[1-2', "'[1-2'"],
  ])('parse(%p) throws quoting %s', (text, quoted) => {
    expect(() => Ranges.parse(text)).toThrow(ResourceParseError);
    expect(() => Ranges.parse(text)).toThrow(quoted);
  });

  it.each<[Range[], string]>([
    [[], '[]'],
    [[r(31000, 31000)], '[31000-31000]'],
    [[r(31000, 32000), r(33000, 33005)], '[31000-32000,33000-33005]'],
  ])('format(%j) = %p', (input, text) => {
    expect(Ranges.format(input)).toBe(text);
    expect(Ranges.parse(text)).toEqual(input);
  });
});
