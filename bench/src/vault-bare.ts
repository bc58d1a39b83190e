/**
 * The ceiling of the vault benchmark: a bare Fastify 5 app, in its own
 * process like `warden serve`, whose GET /secrets/:key returns a constant
 * JSON object of the same shape and size as a secret. No logger, no hooks,
 * no schema: what a Node HTTP server with Fastify's routing costs per
 * request on this machine.
 *
 *   node --import tsx src/vault-bare.ts   # prints "listening http://127.0.0.1:<port>"
 */
import Fastify from 'fastify';

const CONSTANT = { key: 'bare-constant', value: 'sk-bench-0000000000000000000000000000000000000000' };

const app = Fastify({ logger: false });
app.get('/secrets/:key', async () => CONSTANT);
const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`listening ${url}\n`);

const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The benchmark holds our stdin: when it dies, even by SIGKILL, we go too.
process.stdin.on('end', stop);
process.stdin.resume();
