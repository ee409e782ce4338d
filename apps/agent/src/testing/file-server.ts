import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export type Route = (res: ServerResponse) => void;

/** A local HTTP server for fetcher tests: fixed routes, a request count per path. */
export class FileServer {
  private constructor(
    private readonly server: Server,
    readonly base: string,
    private readonly hits: Map<string, number>,
  ) {}

  static async start(routes: Record<string, Route>): Promise<FileServer> {
    const hits = new Map<string, number>();
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      hits.set(path, (hits.get(path) ?? 0) + 1);
      const route = routes[path];
      if (route) route(res);
      else res.writeHead(404, 'Not Found').end('no such file');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FileServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits);
  }

  url(path: string): string {
    return `${this.base}${path}`;
  }

  count(path: string): number {
    return this.hits.get(path) ?? 0;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
