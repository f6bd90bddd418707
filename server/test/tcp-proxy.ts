import { createServer, connect, type Server, type Socket } from 'node:net';

/** A PostgreSQL ErrorResponse message, as the server sends it before closing a connection. */
function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, 'utf8');
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

/**
 * A TCP proxy in front of the database, so a test can cut the connection (as a network failure would) and
 * restore it, or play a server crash, without touching the database server other tests share.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  /** The application's side of each connection. */
  const clients = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  let recovering = false;
  /** Set while a connection is to be terminated at its type query: called once that has happened. */
  let failTypeQuery: (() => void) | null = null;

  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        client.on('error', () => client.destroy());
        if (recovering) {
          // What PostgreSQL answers a new connection while it recovers from a crash.
          client.once('data', () => client.end(errorResponse('57P03', 'the database system is in recovery mode')));
          return;
        }
        const upstream = connect(target.port, target.host);
        clients.add(client);
        client.on('close', () => clients.delete(client));
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.on('data', (chunk: Buffer) => {
          // postgres.js reads the array types (pg_type … typarray) first thing on every new connection.
          if (failTypeQuery && chunk.includes('typarray')) {
            const terminated = failTypeQuery;
            failTypeQuery = null;
            upstream.destroy();
            client.end(errorResponse('57P01', 'terminating connection due to administrator command'), terminated);
            return;
          }
          upstream.write(chunk);
        });
        upstream.pipe(client);
        client.on('close', () => upstream.destroy());
        // After a played crash the client's side closes once its error message is sent.
        upstream.on('close', () => recovering || client.destroy());
      });
      server.listen(port, '127.0.0.1', () => {
        const address = server!.address();
        port = typeof address === 'object' && address ? address.port : 0;
        resolve();
      });
    });

  await listen();
  return {
    get port() {
      return port;
    },
    /** Drops every open connection and refuses new ones. */
    async cut() {
      await new Promise<void>((resolve) => {
        server!.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
    restore: listen,
    /**
     * What the application sees when a server process is killed and PostgreSQL restarts the others: every open
     * connection ends with 57P02, and new ones are refused with 57P03 until `recover()`.
     */
    crash() {
      recovering = true;
      for (const socket of sockets) if (!clients.has(socket)) socket.destroy();
      for (const client of clients) client.end(errorResponse('57P02', 'terminating connection because of crash of another server process'));
    },
    recover() {
      recovering = false;
    },
    /**
     * The next connection is terminated by the server while the driver reads the array types, as it starts; resolves
     * once the termination has been sent.
     */
    failNextTypeQuery(): Promise<void> {
      return new Promise<void>((resolve) => (failTypeQuery = resolve));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}
