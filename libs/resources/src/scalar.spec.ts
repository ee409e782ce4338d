import { formatMilli, fromMilli, parseMilli, ResourceParseError, toMilli } from './index';

describe('toMilli', () => {
  it.each([
    [0, 0],
    [1, 1000],
    [1.5, 1500],
    [0.001, 1],
    [0.0004, 0],
    [0.0005, 1],
    [1024, 1024000],
    [0.1 + 0.2, 300],
    [-0, 0],
  ])('toMilli(%p) = %p', (x, m) => {
    expect(Object.is(toMilli(x), m)).toBe(true);
  });

  it.each([[-1], [-0.001], [NaN], [Infinity], [-Infinity], [1e300]])('rejects %p', (x) => {
    expect(() => toMilli(x)).toThrow(ResourceParseError);
  });

  it('names the bad value in the message', () => {
    expect(() => toMilli(-2)).toThrow(/'-2'.*negative/);
  });
});

describe('fromMilli', () => {
  it.each([
    [0, 0],
    [1500, 1.5],
    [1, 0.001],
    [1024000, 1024],
  ])('fromMilli(%p) = %p', (m, x) => {
    expect(fromMilli(m)).toBe(x);
  });
});

describe('parseMilli (exact decimal parsing)', () => {
  it.each([
    ['0', 0],
    ['4', 4000],
    ['0.1', 100],
    ['.5', 500],
    ['1.', 1000],
    ['8192', 8192000],
    ['1.0005', 1001], // exact half rounds up; float math would give 1000
    ['1.00049', 1000],
    ['0.0005', 1],
    ['2.9999', 3000],
    ['  3.25 ', 3250],
    ['1e3', 1000000],
    ['1.5E-3', 2],
    ['+2', 2000],
    ['-0', 0],
  ])('parseMilli(%p) = %p', (text, m) => {
    expect(parseMilli(text)).toBe(m);
  });

  it.each([['-1'], ['abc'], [''], ['.'], ['1.2.3'], ['NaN'], ['Infinity'], ['0x10'], ['1,5'], ['1e999']])(
    'rejects %p',
    (text) => {
      expect(() => parseMilli(text)).toThrow(ResourceParseError);
    },
  );

  it('accepts negatives only when asked (attributes)', () => {
    expect(parseMilli('-1.5', true)).toBe(-1500);
    expect(() => parseMilli('-1.5')).toThrow(/negative/);
  });
});

describe('formatMilli', () => {
  it.each([
    [0, '0'],
    [1, '0.001'],
    [10, '0.01'],
    [100, '0.1'],
    [1500, '1.5'],
    [2000, '2'],
    [1024000, '1024'],
    [123456, '123.456'],
    [-1500, '-1.5'],
  ])('formatMilli(%p) = %p', (m, text) => {
    expect(formatMilli(m)).toBe(text);
  });
});
