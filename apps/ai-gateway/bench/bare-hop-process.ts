// A bare Node HTTP hop for the overhead benchmark: what any process between the caller and the
// provider adds on this machine, measured in the same run as the gateway. Per call it does the least
// a gateway must, with node:http alone (no framework, logging, validation, metrics, limits or
// retries): reads and parses the feedback request, builds the provider's messages and sends them on
// a keep-alive socket as the gateway does, reads and parses the answer and replies with its content.
// The gateway's added latency less this hop's is what the gateway's own work costs.
// Prints {"url"} once listening; HOP_PROVIDER_URL is the provider's base URL.
import { Agent, createServer, type IncomingMessage, request } from 'node:http';

import type { AiGenerateFeedbackRequest } from '@persona-lab/contracts';

import { FEEDBACK_SAMPLING, feedbackMessages } from '../src/domain/prompts/feedback.js';

const provider = new URL(`${process.env.HOP_PROVIDER_URL}/chat/completions`);
const model = process.env.HOP_MODEL ?? 'bench/model';
const agent = new Agent({ keepAlive: true, maxSockets: Number(process.env.HOP_MAX_SOCKETS ?? 64) });

function readBody(message: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    message.once('error', reject);
  });
}

function askProvider(body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      provider,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: 'Bearer bench-key' } },
      (answer) => void readBody(answer).then(resolve, reject),
    );
    outgoing.once('error', reject);
    outgoing.end(body);
  });
}

const server = createServer((incoming, reply) => {
  void readBody(incoming)
    .then(async (text) => {
      const feedback = JSON.parse(text) as AiGenerateFeedbackRequest;
      const answer = JSON.parse(
        await askProvider(JSON.stringify({ model, messages: feedbackMessages(feedback), ...FEEDBACK_SAMPLING })),
      ) as {
        choices: { message: { content: string } }[];
      };
      const body = JSON.stringify({ content: answer.choices[0]!.message.content });
      reply.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    })
    .catch((error: unknown) => reply.writeHead(502).end(String(error)));
});
// As the gateway's: the benchmark reopens connections closed while the other sides ran.
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
});
process.once('SIGTERM', () => {
  agent.destroy();
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
