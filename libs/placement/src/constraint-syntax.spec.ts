import { CONSTRAINT_MESSAGES as M, parseConstraint, parseConstraints, validateConstraints } from './index';

describe('validateConstraints', () => {
  it.each<[string, unknown, { path: string; errors: string[] }[]]>([
    ['absent', undefined, []],
    ['empty array', [], []],
    ['UNIQUE', [['hostname', 'UNIQUE']], []],
    ['lower-case operator', [['hostname', 'unique']], []],
    ['mixed-case operator', [['rack', 'Group_By', '3']], []],
    ['CLUSTER with value', [['rack', 'CLUSTER', 'r1']], []],
    ['CLUSTER without value', [['rack', 'CLUSTER']], []],
    ['GROUP_BY without value', [['rack', 'GROUP_BY']], []],
    ['GROUP_BY +3 (Java parseInt)', [['rack', 'GROUP_BY', '+3']], []],
    ['MAX_PER 2', [['zone', 'MAX_PER', '2']], []],
    ['LIKE', [['rack', 'LIKE', 'r[0-9]+']], []],
    ['UNLIKE', [['rack', 'UNLIKE', 'r1|r2']], []],
    ['IS text', [['os', 'IS', 'ubuntu-22.04']], []],
    ['IS float', [['level', 'IS', '1.5']], []],
    ['IS without value (accepted by Marathon)', [['os', 'IS']], []],
    ['not an array', 'hostname:UNIQUE', [{ path: '', errors: [M.expectedArray] }]],
    ['tuple not an array', ['hostname'], [{ path: '/0', errors: [M.expectedArray] }]],
    ['non-string item', [['hostname', 'UNIQUE'], ['rack', 'MAX_PER', 2]], [{ path: '/1/2', errors: [M.expectedString] }]],
    ['one field', [['hostname']], [{ path: '/0', errors: ['Each constraint must have either 2 or 3 fields'] }]],
    ['four fields', [['a', 'LIKE', 'x', 'y']], [{ path: '/0', errors: ['Each constraint must have either 2 or 3 fields'] }]],
    ['empty field', [['', 'UNIQUE']], [{ path: '/0/0', errors: ['illegal constraint specification'] }]],
    [
      'unknown operator',
      [['hostname', 'UNIQUE'], ['rack', 'SPREAD']],
      [{ path: '/1/1', errors: ['operator must be one of the following UNIQUE, CLUSTER, GROUP_BY, LIKE, MAX_PER, UNLIKE or IS'] }],
    ],
    ['UNIQUE with value', [['hostname', 'UNIQUE', 'x']], [{ path: '/0/2', errors: ['UNIQUE does not accept a value'] }]],
    ['UNIQUE with empty value', [['hostname', 'UNIQUE', '']], [{ path: '/0/2', errors: ['UNIQUE does not accept a value'] }]],
    ['GROUP_BY float', [['rack', 'GROUP_BY', '1.5']], [{ path: '/0/2', errors: ['GROUP BY must define an integer value or else no value at all'] }]],
    ['GROUP_BY text', [['rack', 'GROUP_BY', 'abc']], [{ path: '/0/2', errors: ['GROUP BY must define an integer value or else no value at all'] }]],
    ['MAX_PER without value', [['rack', 'MAX_PER']], [{ path: '/0', errors: ['MAX_PER requires an integer value'] }]],
    ['MAX_PER text', [['rack', 'MAX_PER', 'two']], [{ path: '/0/2', errors: ['MAX_PER requires an integer value'] }]],
    ['MAX_PER over int32', [['rack', 'MAX_PER', '2147483648']], [{ path: '/0/2', errors: ['MAX_PER requires an integer value'] }]],
    ['LIKE without value', [['rack', 'LIKE']], [{ path: '/0', errors: ['LIKE and UNLIKE require a non-empty, regular expression value'] }]],
    ['UNLIKE empty', [['rack', 'UNLIKE', '']], [{ path: '/0/2', errors: ['LIKE and UNLIKE require a non-empty, regular expression value'] }]],
    ['LIKE bad regex', [['rack', 'LIKE', '[a-']], [{ path: '/0/2', errors: ["'[a-' is not a valid regular expression"] }]],
    ['IS with a range', [['keys', 'IS', '[1-2]']], [{ path: '/0/2', errors: [M.is] }]],
  ])('%s', (_name, input, expected) => {
    expect(validateConstraints(input)).toEqual(expected);
  });

  it('reports every bad tuple, each at its own index', () => {
    const result = validateConstraints([['a', 'UNIQUE'], ['b', 'FOO'], ['c', 'MAX_PER'], ['d']]);
    expect(result.map((v) => v.path)).toEqual(['/1/1', '/2', '/3']);
  });

  it('uses the IS message Marathon prints', () => {
    expect(M.is.startsWith('IS only supports Mesos text and float values')).toBe(true);
  });
});

describe('parseConstraint', () => {
  it('upper-cases the operator and keeps the value', () => {
    expect(parseConstraint(['rack', 'group_by', '3'])).toEqual({ field: 'rack', operator: 'GROUP_BY', value: '3' });
  });

  it('leaves out an absent value', () => {
    expect(parseConstraint(['hostname', 'UNIQUE'])).toEqual({ field: 'hostname', operator: 'UNIQUE' });
    expect('value' in parseConstraint(['hostname', 'UNIQUE'])).toBe(false);
  });

  it('throws on an invalid tuple with the validation message', () => {
    expect(() => parseConstraint(['rack', 'MAX_PER'])).toThrow('MAX_PER requires an integer value');
  });

  it('parses a whole array', () => {
    expect(parseConstraints(undefined)).toEqual([]);
    expect(parseConstraints([['a', 'unique'], ['b', 'like', 'x.*']])).toEqual([
      { field: 'a', operator: 'UNIQUE' },
      { field: 'b', operator: 'LIKE', value: 'x.*' },
    ]);
  });
});
