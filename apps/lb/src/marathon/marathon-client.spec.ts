import { freePort, waitFor } from '@strato/testing';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { MarathonClient } from './marathon-client';
import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('joins chunks into messages, skips keep-alive comments and handles CRLF', () => {
    const parser = new SseParser();
    expect(parser.feed(':\n\nevent: status_update_event\nda')).toEqual([]);
    expect(parser.feed('ta: {"a":1}\r\n\r\ndata: x\ndata: y\n\n')).toEqual([
      { event: 'status_update_event', data: '{"a":1}' },
      { event: 'message', data: 'x\ny' },
    ]);
  });
});

describe('MarathonClient', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  const listen = async (handler: Parameters<typeof createServer>[1]): Promise<string> => {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  it('falls back to the next Marathon for /v2/apps and sticks to it', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    let calls = 0;
    const live = await listen((req, res) => {
      calls++;
      expect(req.url).toBe('/v2/apps?embed=apps.tasks');
      res.setHeader('content-type', 'application/json');
      res.end('{"apps":[{"id":"/web"}]}');
    });
    const client = new MarathonClient([dead, live]);
    await expect(client.apps()).resolves.toEqual({ apps: [{ id: '/web' }] });
    await client.apps();
    expect(calls).toBe(2);
    await expect(new MarathonClient([dead]).apps()).rejects.toThrow(/no Marathon answered/);
  });

  it('follows one redirect to the leader, filters event types and ends on silence', async () => {
    let query = '';
    const leader = await listen((req, res) => {
      query = req.url ?? '';
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(':\n\nevent: status_update_event\ndata: {"taskId":"t1"}\n\n');
    });
    const follower = await listen((req, res) => {
      res.writeHead(307, { location: `${leader}${req.url}` });
      res.end();
    });
    const client = new MarathonClient([follower], { silenceMs: 200 });
    const seen: string[] = [];
    const done = client.stream({ onOpen: (url) => seen.push(`open ${url.startsWith(leader)}`), onEvent: (type, data) => seen.push(`${type} ${data}`) }, new AbortController().signal);
    await expect(done).rejects.toThrow(/silent for 200 ms/);
    expect(seen).toEqual(['open true', 'status_update_event {"taskId":"t1"}']);
    expect(query).toContain('plan-format=light');
    expect(query).toContain('event_type=health_status_changed_event');
  });

  it('ends the stream when aborted', async () => {
    const base = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(':\n\n');
    });
    const abort = new AbortController();
    let opened = false;
    const done = new MarathonClient([base]).stream({ onOpen: () => (opened = true), onEvent: () => undefined }, abort.signal);
    await waitFor(() => opened);
    abort.abort();
    await expect(done).rejects.toThrow();
  });
});
