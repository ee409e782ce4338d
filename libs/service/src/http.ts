import express, { Express } from 'express';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface HttpServer {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

/** An express app that parses JSON bodies and answers malformed JSON with 400 instead of 500. */
export function createHttpApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '10mb' }));
  return app;
}

/** Listens on `host:port` (port 0 picks a free one) and resolves once bound. */
export function listenHttp(app: Express, host: string, port: number): Promise<HttpServer> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      server.keepAliveTimeout = 5_000;
      resolve({
        server,
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
