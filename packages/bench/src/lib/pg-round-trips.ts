// Counts a process's database round trips without touching its code: a TCP proxy in front of
// PostgreSQL that reads the client's side of the wire protocol. A round trip ends with a Sync (an
// extended-protocol query: parse, bind, execute, sync) or is one simple Query (BEGIN, COMMIT), so
// their sum is the statements a process waited for. Only for counting runs: the extra hop adds latency.
import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';

export interface RoundTripCounter {
  /** The same database's URL through the counter, for the process under count (its server becomes the counter's). */
  route(databaseUrl: string): string;
  /** Round trips since the start (or the last reset). */
  count(): number;
  /** How often each statement text was sent (parsed) since the start, most frequent first. */
  statements(): [string, number][];
  reset(): void;
  close(): Promise<void>;
}

const SIMPLE_QUERY = 0x51; // 'Q'
const SYNC = 0x53; // 'S'
const PARSE = 0x50; // 'P'
const STATEMENT_CHARS = 160;

/** Reads the frontend messages of one connection as they stream through, calling `onMessage` with each. */
function frontendMessages(onMessage: (type: number, body: Buffer) => void) {
  let buffer: Buffer = Buffer.alloc(0);
  // The startup message has no type byte: a length, then the protocol version.
  let startup = true;
  return (chunk: Buffer) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    for (;;) {
      const header = startup ? 4 : 5;
      if (buffer.length < header) return;
      const length = buffer.readUInt32BE(startup ? 0 : 1);
      const total = startup ? length : length + 1;
      if (buffer.length < total) return;
      if (!startup) onMessage(buffer[0]!, buffer.subarray(5, total));
      startup = false;
      buffer = buffer.subarray(total);
    }
  };
}

/** A counter in front of the PostgreSQL server of the URLs it routes (one server per counter). */
export async function startRoundTripCounter(): Promise<RoundTripCounter> {
  let target: { host: string; port: number } | undefined;
  let roundTrips = 0;
  const statements = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    if (!target) return void client.destroy();
    const upstream = createConnection(target);
    sockets.add(client).add(upstream);
    const read = frontendMessages((type, body) => {
      if (type === SIMPLE_QUERY || type === SYNC) roundTrips += 1;
      if (type === SIMPLE_QUERY || type === PARSE) {
        // A Parse starts with the statement's name (a C string), then its text; a Query is its text.
        const text = type === PARSE ? body.subarray(body.indexOf(0) + 1) : body;
        const statement = text.subarray(0, text.indexOf(0)).toString().replace(/\s+/g, ' ').slice(0, STATEMENT_CHARS);
        statements.set(statement, (statements.get(statement) ?? 0) + 1);
      }
    });
    client.on('data', (chunk: Buffer) => {
      read(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('Could not read the address of the round-trip counter');

  return {
    route(databaseUrl) {
      const url = new URL(databaseUrl);
      target = { host: url.hostname, port: Number(url.port || 5432) };
      url.hostname = '127.0.0.1';
      url.port = String(address.port);
      return url.toString();
    },
    count: () => roundTrips,
    statements: () => [...statements].sort((a, b) => b[1] - a[1]),
    reset: () => {
      roundTrips = 0;
      statements.clear();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
