// An agent process with a scope built from a manifest, a model adapter using resolveApiKey, and a
// streamed LLM answer redacted on the fly. Runnable after `npm ci`:
//   OPENAI_API_KEY=sk-proj-demoT3BlbkFJexample node examples/secrets-scope.mjs
import { createRedactTransformStream, MemoryJournal, resolveApiKey, SecretScope } from '@warden/secrets';

process.env.OPENAI_API_KEY ??=
  'sk-proj-4xT9kQ2mZ7vB1nL8cR5wY3hJ6fD0sA2eG9uP4iK7oM1qW8zX5cV3bN6mT3BlbkFJexample';

const journal = new MemoryJournal();
const scope = SecretScope.fromManifest(
  `
secrets:
  OPENAI_API_KEY: \${OPENAI_API_KEY}
  DEPLOY_TOKEN: literal-deploy-token-7f3a9c
default_ttl: 600
ttls:
  DEPLOY_TOKEN: 60
revoke_on_stop: true
`,
  { journal },
);
await scope.start();

// A model adapter takes an explicit key, else the scope's, else the environment's.
const apiKey = resolveApiKey({ envName: 'OPENAI_API_KEY', secrets: { lookupSync: (n) => scope.get(n) } });
console.log('adapter got a key of length', apiKey.length);

// Anything the agent emits passes the scope's sanitizer (values and their encodings)...
const token = scope.get('DEPLOY_TOKEN');
console.log(
  scope.sanitizeText(`calling deploy with ${token} (base64 ${Buffer.from(token).toString('base64')})`),
);

// ...and streamed model output is redacted as it flows, even when a key is split across tokens.
const leaked = `Sure! Your key is ${apiKey} and the AWS id is AKIAIOSFODNN7EXAMPLE.`;
const tokens = leaked.match(/.{1,4}/gs);
const source = new ReadableStream({
  start(controller) {
    for (const t of tokens) controller.enqueue(t);
    controller.close();
  },
});
let streamed = '';
for await (const part of source.pipeThrough(createRedactTransformStream({ values: [apiKey] })))
  streamed += part;
console.log(streamed);

await scope.stop(); // zero-fills the held buffers
console.log('journal:', journal.entries.map((e) => `${e.data.action}:${e.data.secretName}`).join(' '));
