import { isValidRole, ResourceParseError, Resources, validateRole } from './index';

const P = (text: string): Resources => Resources.parse(text);

describe('role names', () => {
  it.each(['*', 'web', 'eng/prod', 'a/b/c', 'debug_role', 'r-1', 'a.b', 'x..y', 'A9'])('accepts %p', (role) => {
    expect(isValidRole(role)).toBe(true);
    expect(validateRole(role)).toBe(role);
  });

  it.each(['', '.', '..', '-web', 'a/-b', '/web', 'web/', 'a//b', 'a/./b', 'a/../b', 'a b', 'a\tb', 'a\bb', 'a(b)', 'a;b', 'a/*'])(
    'rejects %p',
    (role) => {
      expect(isValidRole(role)).toBe(false);
      expect(() => validateRole(role)).toThrow(ResourceParseError);
      expect(() => validateRole(role)).toThrow(`'${role}'`);
    },
  );
});

describe('reservations', () => {
  const agent = P('cpus:8;mem:4096;ports:[31000-32000];cpus(web):2;mem(web):512;cpus(eng/prod):1;disk(ads):100');

  it('unreserved keeps only *', () => {
    expect(agent.unreserved().toString()).toBe('cpus:8;mem:4096;ports:[31000-32000]');
  });

  it('reservedTo keeps only that role', () => {
    expect(agent.reservedTo('web').toString()).toBe('cpus(web):2;mem(web):512');
    expect(agent.reservedTo('eng/prod').toString()).toBe('cpus(eng/prod):1');
    expect(agent.reservedTo('eng').isEmpty()).toBe(true);
    expect(agent.reservedTo('*').isEmpty()).toBe(true); // nothing is reserved to '*'
  });

  it('allocatableTo = unreserved + reserved to role', () => {
    expect(agent.allocatableTo('web').toString()).toBe('cpus:8;mem:4096;ports:[31000-32000];cpus(web):2;mem(web):512');
    expect(agent.allocatableTo('ads').toString()).toBe('cpus:8;mem:4096;ports:[31000-32000];disk(ads):100');
    expect(agent.allocatableTo('other').equals(agent.unreserved())).toBe(true);
    expect(agent.allocatableTo('*').equals(agent.unreserved())).toBe(true);
    expect(agent.allocatableTo('web').equals(agent.unreserved().add(agent.reservedTo('web')))).toBe(true);
  });

  it('allocatableTo returns the same instance when nothing is filtered out', () => {
    const r = P('cpus:1;cpus(web):1');
    expect(r.allocatableTo('web')).toBe(r);
    expect(r.allocatableTo('other').toString()).toBe('cpus:1');
    expect(r.allocatableTo('web')).toBe(r); // cache switches roles correctly
  });

  it('withRole re-labels and merges (static/dynamic reservation)', () => {
    const ask = P('cpus:1;cpus(web):0.5;ports:[1-2];ports(x):[3-4];mem:64');
    expect(ask.withRole('web').toString()).toBe('cpus(web):1.5;mem(web):64;ports(web):[1-4]');
    expect(ask.withRole('web').quantities().equals(ask.quantities())).toBe(true);
    expect(ask.withRole('*').toString()).toBe('cpus:1.5;mem:64;ports:[1-4]');
    const reserved = P('cpus(web):1');
    expect(reserved.withRole('web')).toBe(reserved);
    expect(() => ask.withRole('..')).toThrow(ResourceParseError);
  });

  it('reserve = subtract unreserved + add reserved, keeping the total', () => {
    const piece = P('cpus:2;mem:512');
    const after = agent.subtract(piece).add(piece.withRole('ads'));
    expect(after.reservedTo('ads').toString()).toBe('cpus(ads):2;mem(ads):512;disk(ads):100');
    expect(after.quantities().equals(agent.quantities())).toBe(true);
    expect(after.contains(P('cpus(ads):2'))).toBe(true);
    expect(after.contains(P('cpus:7'))).toBe(false);
  });

  it('role-exact containment: a reservation is not satisfied by unreserved resources', () => {
    expect(agent.contains(P('cpus(web):3'))).toBe(false);
    expect(agent.contains(P('cpus(web):2;cpus:8'))).toBe(true);
    expect(agent.contains(P('disk(web):1'))).toBe(false);
  });
});
