import {
  Attribute,
  attributesToJSON,
  attributeValueToString,
  formatAttributes,
  parseAttributes,
  ResourceParseError,
} from './index';

describe('parseAttributes', () => {
  it('parses the Mesos example into text, scalar and ranges', () => {
    expect(parseAttributes('rack:r1;zone:a;level:10;keys:[1000-1500]')).toEqual<Attribute[]>([
      { name: 'rack', value: { type: 'text', text: 'r1' } },
      { name: 'zone', value: { type: 'text', text: 'a' } },
      { name: 'level', value: { type: 'scalar', milli: 10000 } },
      { name: 'keys', value: { type: 'ranges', ranges: [{ begin: 1000, end: 1500 }] } },
    ]);
  });

  it.each([
    ['', ''],
    [' ; ', ''],
    ['rack:r1', 'rack:r1'],
    [' rack : r1 ; level : 1.50 ', 'rack:r1;level:1.5'],
    ['temp:-3.5', 'temp:-3.5'],
    ['os:ubuntu-22.04', 'os:ubuntu-22.04'],
    ['url:http://x/y', 'url:http://x/y'],
    ['keys:[5-9,1-2]', 'keys:[1-2,5-9]'],
    ['b:2;a:1;b:3', 'b:2;a:1;b:3'], // order and duplicates kept
  ])('parse(%p) formats as %p', (text, expected) => {
    expect(formatAttributes(parseAttributes(text))).toBe(expected);
  });

  it.each([
    ['rack', "'rack'"],
    ['rack:', "'rack:'"],
    [':r1', "''"],
    ['ra ck:r1', "'ra ck'"],
    ['keys:[1]', "'1'"],
    ['keys:[2-1]', "'2-1'"],
    ['s:{a,b}', "'{a,b}'"],
  ])('parse(%p) throws mentioning %s', (text, quoted) => {
    expect(() => parseAttributes(text)).toThrow(ResourceParseError);
    expect(() => parseAttributes(text)).toThrow(quoted);
  });
});

describe('attribute formatting', () => {
  it.each<[Attribute['value'], string]>([
    [{ type: 'text', text: 'r1' }, 'r1'],
    [{ type: 'scalar', milli: 10000 }, '10'],
    [{ type: 'scalar', milli: 1500 }, '1.5'],
    [{ type: 'ranges', ranges: [{ begin: 1000, end: 1500 }] }, '[1000-1500]'],
  ])('attributeValueToString(%j) = %p', (value, text) => {
    expect(attributeValueToString(value)).toBe(text);
  });

  it('attributesToJSON uses the Mesos /state shape', () => {
    const attrs = parseAttributes('rack:r1;level:10;weight:0.5;keys:[1000-1500]');
    expect(attributesToJSON(attrs)).toEqual({ rack: 'r1', level: 10, weight: 0.5, keys: '[1000-1500]' });
  });

  it('attributesToJSON keeps the last value of a repeated name', () => {
    expect(attributesToJSON(parseAttributes('a:1;a:x'))).toEqual({ a: 'x' });
  });
});
