import { waitFor } from '@strato/testing';
import * as http2 from 'node:http2';
import { AddressInfo } from 'node:net';
import { LeaderLink } from './leader-link';

/** A plain HTTP/2 server standing in for a leader's gRPC port; `kill` drops every connection, as a dying process does. */
async function fakeLeader() {
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => (sessions.add(s), s.on('close', () => sessions.delete(s))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    target: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    sessions,
    kill: async () => {
      for (const s of sessions) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const links: LeaderLink[] = [];
afterEach(() => links.splice(0).forEach((l) => l.stop()));

function newLink() {
  const lost: string[] = [];
  const link = new LeaderLink((target) => lost.push(target));
  links.push(link);
  return { link, lost };
}

describe('LeaderLink', () => {
  it('reports the leader lost as soon as its connection drops', async () => {
    const leader = await fakeLeader();
    const { link, lost } = newLink();
    link.follow(leader.target);
    await waitFor(() => leader.sessions.size === 1, { description: 'the link is open' });
    expect(lost).toEqual([]);
    await leader.kill();
    await waitFor(() => lost.length > 0, { description: 'the loss reported' });
    expect(lost).toEqual([leader.target]);
  });

  it('reports nothing when it follows another leader, stops, or cannot connect at all', async () => {
    const [first, second] = [await fakeLeader(), await fakeLeader()];
    const { link, lost } = newLink();
    link.follow(first.target);
    await waitFor(() => first.sessions.size === 1, { description: 'linked to the first' });
    link.follow(second.target);
    await waitFor(() => first.sessions.size === 0 && second.sessions.size === 1, { description: 'moved to the second' });
    link.stop();
    await waitFor(() => second.sessions.size === 0, { description: 'link closed' });
    await Promise.all([first.kill(), second.kill()]);

    const dead = newLink();
    dead.link.follow(first.target); // nobody listens there any more
    const other = await fakeLeader();
    const probe = newLink(); // a link that does connect, as a clock: by the time it is up, the dead one has failed
    probe.link.follow(other.target);
    await waitFor(() => other.sessions.size === 1, { description: 'probe linked' });
    expect([lost, dead.lost]).toEqual([[], []]);
    await other.kill();
  });
});
