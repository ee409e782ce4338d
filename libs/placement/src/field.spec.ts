import { constraintLabel, readField } from './field';
import { c, offer, placed } from './test-fixtures';

describe('readField', () => {
  const o = offer({ agentId: 'a1', hostname: 'h1', attributes: 'rack:r1;level:1.50;keys:[1-3,5-6]', zone: 'z1' });

  it.each([
    ['hostname', { text: 'h1' }],
    ['@hostname', { text: 'h1' }],
    ['@zone', { text: 'z1' }],
    ['@region', undefined],
    ['rack', { text: 'r1' }],
    ['level', { text: '1.5', milli: 1500 }],
    ['keys', { text: '[1-3,5-6]' }],
    ['missing', undefined],
  ])('%s', (field, expected) => {
    expect(readField(o, field)).toEqual(expected);
  });

  it('reads placed instances the same way', () => {
    expect(readField(placed('i1', { hostname: 'h9', attributes: 'rack:r2' }), 'rack')).toEqual({ text: 'r2' });
    expect(readField(placed('i1', { hostname: 'h9' }), 'hostname')).toEqual({ text: 'h9' });
  });

  it('takes the first attribute of a repeated name', () => {
    expect(readField(offer({ attributes: 'rack:r1;rack:r2' }), 'rack')).toEqual({ text: 'r1' });
  });
});

describe('constraintLabel', () => {
  it('prints the constraint as written', () => {
    expect(constraintLabel(c('zone', 'MAX_PER', '2'))).toBe('MAX_PER zone:2');
    expect(constraintLabel(c('hostname', 'UNIQUE'))).toBe('UNIQUE hostname');
  });
});
