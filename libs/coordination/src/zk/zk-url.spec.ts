import { parseZkUrl } from './zk-url';

describe('parseZkUrl', () => {
  it('parses one or many servers and a path', () => {
    expect(parseZkUrl('zk://127.0.0.1:2181/marathon')).toEqual({ servers: '127.0.0.1:2181', path: '/marathon' });
    expect(parseZkUrl('zk://zk1:2181,zk2.example.com:2182,[::1]:2183/strato/chronos/')).toEqual({
      servers: 'zk1:2181,zk2.example.com:2182,[::1]:2183',
      path: '/strato/chronos',
    });
  });

  it('defaults the path to the root', () => {
    expect(parseZkUrl('zk://localhost:2181')).toEqual({ servers: 'localhost:2181', path: '/' });
    expect(parseZkUrl('zk://localhost:2181/')).toEqual({ servers: 'localhost:2181', path: '/' });
  });

  it('refuses credentials rather than ignoring them', () => {
    expect(() => parseZkUrl('zk://user:secret@zk1:2181/mesos')).toThrow(/credentials \(user:pass@\) are not supported/);
  });

  it.each([
    ['http://zk1:2181/x', /must start with 'zk:\/\/'/],
    ['zk:///path', /no servers/],
    ['zk://zk1/path', /server 'zk1' has no port/],
    ['zk://zk1:2181,,zk2:2181/p', /server '' has no port/],
    ['zk://zk1:99999/p', /bad port 99999/],
    ['zk://zk_1:2181/p', /bad host 'zk_1'/],
    ['zk://zk1:2181/a/../b', /bad path segment '\.\.'/],
    ['zk://zk1:2181/a b', /bad path segment 'a b'/],
  ])('refuses %s', (url, why) => {
    expect(() => parseZkUrl(url)).toThrow(why);
  });
});
