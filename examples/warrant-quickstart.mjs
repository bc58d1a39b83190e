// Issue, attenuate, authorize and guard: the README example, runnable after `npm ci`.
import {
  Authorizer,
  guard,
  Keypair,
  Pattern,
  setAuditSink,
  stderrAuditSink,
  Warrant,
  withWarrant,
} from '@warden/warrant';

setAuditSink(stderrAuditSink); // audit events as JSON lines on stderr; results on stdout

const admin = Keypair.generate();
const agent = Keypair.generate();
const worker = Keypair.generate();

const root = Warrant.issue({
  keypair: admin,
  holder: agent.publicKey,
  tool: 'read_file',
  constraints: { path: Pattern('/tmp/*') },
  ttlSeconds: 600,
});
const child = root.attenuate({
  keypair: agent,
  holder: worker.publicKey,
  constraints: { path: Pattern('/tmp/reports/*') },
  ttlSeconds: 60,
});

const authorizer = new Authorizer({ trustedRoots: [admin.publicKey] });
const args = { path: '/tmp/reports/q3.txt' };
authorizer.authorize([root, child], 'read_file', args, child.createPopSignature(worker, 'read_file', args));
console.log('authorized read_file', args.path);

const readFile = guard(async ({ path }) => `contents of ${path}`, { tool: 'read_file', authorizer });
console.log(await withWarrant([root, child], worker, () => readFile({ path: '/tmp/reports/q3.txt' })));
try {
  await withWarrant([root, child], worker, () => readFile({ path: '/etc/passwd' }));
} catch (err) {
  console.log('denied:', err.code);
}
