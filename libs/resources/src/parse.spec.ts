import { Resource, ResourceParseError, Resources } from './index';

const scalar = (name: string, milli: number, role = '*'): Resource => ({ name, role, value: { type: 'scalar', milli } });

describe('Resources.parse (text form)', () => {
  it('parses the Mesos example', () => {
    const r = Resources.parse('cpus:4;mem:8192;ports:[31000-32000];cpus(web):2;bugs(debug_role):{a,b,c}');
    expect(r.toList()).toEqual([
      scalar('cpus', 4000),
      scalar('cpus', 2000, 'web'),
      scalar('mem', 8192000),
      { name: 'ports', role: '*', value: { type: 'ranges', ranges: [{ begin: 31000, end: 32000 }] } },
      { name: 'bugs', role: 'debug_role', value: { type: 'set', items: ['a', 'b', 'c'] } },
    ]);
  });

  it.each([
    ['', ''],
    ['   ', ''],
    [';;', ''],
    ['cpus:1', 'cpus:1'],
    [' cpus : 1.5 ; mem : 1024 ', 'cpus:1.5;mem:1024'],
    ['cpus:1;', 'cpus:1'],
    ['mem:1024;cpus:2', 'cpus:2;mem:1024'],
    ['cpus:1;cpus:2', 'cpus:3'], // duplicates add up
    ['cpus:0.1;cpus:0.2', 'cpus:0.3'],
    ['cpus:0;mem:0', ''], // zero scalars dropped
    ['ports:[]', ''],
    ['s:{}', ''],
    ['cpus:0.12345', 'cpus:0.123'],
    ['cpus:0.0005', 'cpus:0.001'],
    ['ports:[31005-31010,31000-31004]', 'ports:[31000-31010]'],
    ['ports:[1-2];ports:[5-6]', 'ports:[1-2,5-6]'],
    ['s:{c,a,b,a}', 's:{a,b,c}'],
    ['s:{ x , y }', 's:{x,y}'],
    ['cpus( web ):1', 'cpus(web):1'],
    ['cpus(*):1', 'cpus:1'],
    ['cpus(eng/prod):1', 'cpus(eng/prod):1'],
    ['gpus:2', 'gpus:2'],
    ['foo.bar/baz-1_x:7', 'foo.bar/baz-1_x:7'],
    ['zeta:1;alpha:2;ports:[1-1];gpus:1;disk:3;mem:4;cpus:5', 'cpus:5;mem:4;disk:3;gpus:1;ports:[1-1];alpha:2;zeta:1'],
    ['cpus(web):0.5;ports:[31010-31010];mem:1024;cpus:2;ports:[31000-31005]', 'cpus:2;mem:1024;ports:[31000-31005,31010-31010];cpus(web):0.5'],
    ['mem(b):1;cpus(a):1;cpus(b):2;cpus:1', 'cpus:1;cpus(a):1;cpus(b):2;mem(b):1'],
  ])('parse(%p).toString() = %p', (text, expected) => {
    expect(Resources.parse(text).toString()).toBe(expected);
  });

  it('applies the default role to entries without one', () => {
    expect(Resources.parse('cpus:1;mem(other):2', 'web').toString()).toBe('mem(other):2;cpus(web):1');
  });

  it('rejects an invalid default role', () => {
    expect(() => Resources.parse('cpus:1', '..')).toThrow(/invalid role '\.\.'/);
  });
});

describe('Resources.parse errors', () => {
  it.each([
    ['cpus:-1', "'-1'"],
    ['cpus:abc', "'abc'"],
    ['cpus:NaN', "'NaN'"],
    ['cpus:', "'cpus:'"],
    ['cpus', "'cpus'"],
    ['cpus 1', "'cpus 1'"],
    ['c pus:1', "'c pus:1'"],
    ['cpus!:1', "'cpus!'"],
    ['cpus(web:1', "'cpus(web:1'"],
    ['cpus():1', "invalid role ''"],
    ['cpus(.):1', "'.'"],
    ['cpus(..):1', "'..'"],
    ['cpus(-web):1', "'-web'"],
    ['cpus(/web):1', "'/web'"],
    ['cpus(web/):1', "'web/'"],
    ['cpus(a//b):1', "'a//b'"],
    ['cpus(a b):1', "'a b'"],
    ['gpus:0.5', 'gpus'],
    ['ports:[31000]', "'31000'"],
    ['ports:[2-1]', "'2-1'"],
    ['ports:31000-32000', "'31000-32000'"],
    ['ports:[1-2', "'[1-2'"],
    ['s:{a,,b}', "''"],
    ['s:{a', "'{a'"],
    ['cpus:1;cpus:[1-2]', "'cpus'"],
    ['cpus:1;cpus(web):{a}', "'cpus'"],
  ])('parse(%p) throws ResourceParseError mentioning %s', (text, quoted) => {
    let err: unknown;
    try {
      Resources.parse(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ResourceParseError);
    expect((err as Error).name).toBe('ResourceParseError');
    expect((err as Error).message).toContain(quoted);
  });
});

describe('Resources.parse (JSON form)', () => {
  it('parses the Mesos JSON array form', () => {
    const r = Resources.parse(
      '[{"name":"cpus","type":"SCALAR","scalar":{"value":2}}, {"name":"ports","type":"RANGES","ranges":{"range":[{"begin":1,"end":2}]}}, {"name":"s","type":"SET","set":{"item":["a"]}, "role":"web"}]',
    );
    expect(r.toString()).toBe('cpus:2;ports:[1-2];s(web):{a}');
  });

  it('reads the role from a reservations stack (last wins)', () => {
    const r = Resources.parse(
      '[{"name":"cpus","type":"SCALAR","scalar":{"value":0.5},"reservations":[{"type":"STATIC","role":"eng"},{"role":"eng/prod"}]}]',
    );
    expect(r.toString()).toBe('cpus(eng/prod):0.5');
  });

  it('uses the default role and rounds scalars to milli', () => {
    expect(Resources.parse('[{"name":"mem","type":"scalar","scalar":{"value":0.12345}}]', 'web').toString()).toBe(
      'mem(web):0.123',
    );
  });

  it.each([
    ['[{"name":"cpus"}]', '"type"'],
    ['[{"type":"SCALAR","scalar":{"value":1}}]', '"name"'],
    ['[{"name":"cpus","type":"SCALAR"}]', '"scalar"'],
    ['[{"name":"cpus","type":"SCALAR","scalar":{"value":-1}}]', "'-1'"],
    ['[{"name":"cpus","type":"TEXT","scalar":{"value":1}}]', '"TEXT"'],
    ['[{"name":"p","type":"RANGES","ranges":{"range":[{"begin":5}]}}]', '{"begin":5}'],
    ['[{"name":"p","type":"RANGES","ranges":{"range":[{"begin":5,"end":1}]}}]', "'5-1'"],
    ['[{"name":"s","type":"SET","set":{"item":[1]}}]', '"set"'],
    ['[{"name":"cpus","type":"SCALAR","scalar":{"value":1},"role":".."}]', "'..'"],
    ['[{"name":"cpus","type":"SCALAR","scalar":{"value":1}}', 'JSON'],
    ['[1]', 'element 0'],
  ])('JSON %s throws mentioning %s', (text, quoted) => {
    expect(() => Resources.parse(text)).toThrow(ResourceParseError);
    expect(() => Resources.parse(text)).toThrow(quoted);
  });

  it('round-trips through toMesosJSON', () => {
    const r = Resources.parse('cpus:1.5;mem(web):64;ports:[1-3,7-9];s(eng/prod):{x,y}');
    const json = JSON.stringify(r.toMesosJSON());
    expect(JSON.parse(json)[0]).toEqual({ name: 'cpus', type: 'SCALAR', scalar: { value: 1.5 } });
    expect(Resources.parse(json).equals(r)).toBe(true);
  });
});

describe('Resources.toJSON (Mesos /state summary)', () => {
  it('sums over roles and always has cpus, mem, disk, gpus', () => {
    const r = Resources.parse('cpus:1.5;cpus(web):0.5;mem:1024;ports:[31000-31005];ports(web):[31006-31010];s:{a}');
    expect(r.toJSON()).toEqual({ cpus: 2, mem: 1024, disk: 0, gpus: 0, ports: '[31000-31010]', s: '{a}' });
    expect(JSON.parse(JSON.stringify({ resources: r }))).toEqual({ resources: r.toJSON() });
  });

  it('is all zeros when empty', () => {
    expect(Resources.EMPTY.toJSON()).toEqual({ cpus: 0, mem: 0, disk: 0, gpus: 0 });
  });
});

describe('Resources.from / scalar / ranges / set', () => {
  it('normalizes merged entries and copies arrays', () => {
    const ranges = [{ begin: 5, end: 6 }, { begin: 1, end: 4 }];
    const r = Resources.from([
      { name: 'ports', role: '*', value: { type: 'ranges', ranges } },
      scalar('cpus', 500),
      scalar('cpus', 250),
      scalar('mem', 0),
    ]);
    ranges.push({ begin: 100, end: 200 });
    expect(r.toString()).toBe('cpus:0.75;ports:[1-6]');
  });

  it.each<[string, () => Resources, string]>([
    ['bad name', () => Resources.scalar('a b', 1), "'a b'"],
    ['bad role', () => Resources.scalar('cpus', 1, ''), "invalid role ''"],
    ['negative', () => Resources.scalar('cpus', -1), "'-1'"],
    ['fractional gpus', () => Resources.scalar('gpus', 1.5), 'gpus'],
    ['non-integer milli', () => Resources.from([scalar('cpus', 1.5)]), '1.5'],
    ['bad type', () => Resources.from([{ name: 'x', role: '*', value: { type: 'text' } as never }]), "'text'"],
    ['mixed types', () => Resources.from([scalar('x', 1), { name: 'x', role: 'r', value: { type: 'set', items: ['a'] } }]), "'x'"],
    ['bad set item', () => Resources.set('s', ['a', '']), "''"],
    ['bad range', () => Resources.ranges('ports', [{ begin: 3, end: 1 }]), "'3-1'"],
  ])('rejects %s', (_what, make, quoted) => {
    expect(make).toThrow(ResourceParseError);
    expect(make).toThrow(quoted);
  });

  it('builds single-entry values', () => {
    expect(Resources.scalar('cpus', 0.5, 'web').toString()).toBe('cpus(web):0.5');
    expect(Resources.scalar('cpus', 0).isEmpty()).toBe(true);
    expect(Resources.ranges('ports', [{ begin: 2, end: 3 }]).toString()).toBe('ports:[2-3]');
    expect(Resources.set('s', ['b', 'a']).toString()).toBe('s:{a,b}');
  });
});
