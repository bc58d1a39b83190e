import { Authorizer, type PublicKey, type Warrant } from '@warden/warrant';
import type { Command } from 'commander';
import { type CliEnv, type CommandContext, defineAction } from '../context.js';
import { usage } from '../errors.js';
import { loadKeypair, loadPublicKey } from '../keys.js';
import { collect, parseArgsJson, parseAt, parseSignature } from '../parse-options.js';
import { describeChain, relative } from '../warrant-format.js';
import { readChain } from '../warrant-text.js';

interface InspectOptions {
  at?: string;
}

interface VerifyOptions {
  warrant?: string[];
  trustedRoot?: string[];
  trustedIssuer?: string[];
  tool?: string;
  args?: string;
  pop?: string;
  holderKey?: string;
  at?: string;
}

interface SignOptions {
  key?: string;
  tool?: string;
  args?: string;
  at?: string;
  base64?: boolean;
}

const nowOf = (at: string | undefined): number =>
  at === undefined ? Math.floor(Date.now() / 1000) : parseAt(at);

/** `--args` as JSON text, `@FILE`, or `-` for stdin; `{}` when absent. */
async function readArgs(ctx: CommandContext<{ args?: string }>): Promise<Record<string, unknown>> {
  const a = ctx.opts.args;
  if (a === undefined) return {};
  if (a === '-' || a.startsWith('@'))
    return parseArgsJson(await ctx.reader.readText(a === '-' ? '-' : a.slice(1), '--args'));
  return parseArgsJson(a);
}

async function inspect(ctx: CommandContext<InspectOptions>): Promise<void> {
  const sources = ctx.args[0] as string[] | undefined;
  const warrants = await readChain(sources && sources.length > 0 ? sources : ['-'], 'warrant', ctx.reader);
  const now = nowOf(ctx.opts.at);
  ctx.out.result(
    { length: warrants.length, warrants: warrants.map((w) => w.toJSON()) },
    describeChain(warrants, now),
  );
  ctx.out.note(
    'signatures verified against the embedded issuer keys; trust and chain links are not checked (use verify)',
  );
}

async function verify(ctx: CommandContext<VerifyOptions>): Promise<void> {
  const { opts } = ctx;
  const roots = [...(opts.trustedRoot ?? []), ...(opts.trustedIssuer ?? [])];
  if (roots.length === 0)
    throw usage(
      'usage_error',
      'missing --trusted-root KEY: a chain is only valid relative to a root you trust',
    );
  if (
    opts.tool === undefined &&
    (opts.args !== undefined || opts.pop !== undefined || opts.holderKey !== undefined)
  ) {
    throw usage('usage_error', '--args, --pop and --holder-key need --tool');
  }
  if (opts.tool !== undefined && (opts.pop === undefined) === (opts.holderKey === undefined)) {
    throw usage('usage_error', '--tool needs exactly one of --pop SIGNATURE or --holder-key FILE');
  }
  const positional = (ctx.args[0] as string[] | undefined) ?? [];
  const sources = [...positional, ...(opts.warrant ?? [])];
  const trusted: PublicKey[] = [];
  for (const r of roots) trusted.push(await loadPublicKey(r, '--trusted-root', ctx.reader));
  const at = opts.at === undefined ? undefined : parseAt(opts.at);
  const pop = opts.pop === undefined ? undefined : parseSignature(opts.pop);
  const chain = await readChain(sources.length > 0 ? sources : ['-'], 'warrant', ctx.reader);
  // After the chain, so that a chain defaulting to stdin and `--args -` collide loudly.
  const args = opts.tool === undefined ? undefined : await readArgs(ctx);
  const leaf = chain[chain.length - 1] as Warrant;
  const first = chain[0] as Warrant;
  if (first.depth > 0) {
    ctx.out.warn(
      `the first warrant has depth ${first.depth}: pass the whole chain from its root (attenuate --chain, or several inputs root first)`,
    );
  }
  const authorizer = new Authorizer({ trustedRoots: trusted, chainCacheSize: 0 });
  const callOptions = at === undefined ? undefined : { now: at };
  if (opts.tool !== undefined) {
    let signature = pop;
    if (opts.holderKey !== undefined) {
      const kp = await loadKeypair(opts.holderKey, '--holder-key', ctx.reader, ctx.io);
      try {
        signature = leaf.createPopSignature(kp, opts.tool, args ?? {}, callOptions);
      } finally {
        kp.zeroize();
      }
    }
    authorizer.authorize(chain, opts.tool, args ?? {}, signature, callOptions);
  } else {
    authorizer.verifyChain(chain, callOptions);
  }
  const now = at ?? Math.floor(Date.now() / 1000);
  const root = (chain[0] as Warrant).issuer.toHex();
  ctx.out.result(
    {
      valid: true,
      chainLength: chain.length,
      trustedRoot: root,
      ...(opts.tool !== undefined && { authorized: { tool: opts.tool } }),
      leaf: leaf.toJSON(),
    },
    opts.quiet
      ? undefined
      : [
          `valid: chain of ${chain.length} from trusted root ${root}`,
          `leaf:       ${leaf.id} (${leaf.type}, depth ${leaf.depth})`,
          `holder:     ${leaf.holder.toHex()}`,
          `expires:    ${relative(leaf.expiresAt, now)}`,
          ...(opts.tool !== undefined ? [`authorized: ${opts.tool} (proof of possession valid)`] : []),
        ].join('\n'),
  );
}

async function sign(ctx: CommandContext<SignOptions>): Promise<void> {
  const { opts } = ctx;
  if (opts.key === undefined)
    throw usage('usage_error', "missing --key FILE (the warrant holder's private key)");
  if (opts.tool === undefined) throw usage('usage_error', 'missing --tool NAME');
  const chain = await readChain([(ctx.args[0] as string | undefined) ?? '-'], 'warrant', ctx.reader);
  const leaf = chain[chain.length - 1] as Warrant;
  const args = await readArgs(ctx);
  const at = opts.at === undefined ? undefined : { now: parseAt(opts.at) };
  const kp = await loadKeypair(opts.key, '--key', ctx.reader, ctx.io);
  let signature: Uint8Array;
  try {
    if (!kp.publicKey.equals(leaf.holder)) {
      throw usage('key_not_holder', `--key is not the holder of the warrant (holder ${leaf.holder.toHex()})`);
    }
    signature = leaf.createPopSignature(kp, opts.tool, args, at);
  } finally {
    kp.zeroize();
  }
  const text = Buffer.from(signature).toString(opts.base64 ? 'base64' : 'hex');
  ctx.out.result(
    { signature: text, encoding: opts.base64 ? 'base64' : 'hex', warrantId: leaf.id, tool: opts.tool },
    text,
  );
}

const INSPECT_EXAMPLES = `
Examples:
  $ warden warrant inspect w.txt
  $ warden warrant issue ... | warden warrant inspect --json
  $ warden warrant inspect root.txt child.txt     # several inputs form one chain, root first`;

const VERIFY_EXAMPLES = `
Examples:
  $ warden warrant verify chain.txt --trusted-root root.pub
  $ warden warrant verify chain.txt -r 3b6a27bc...e1 --tool read_file --args '{"path":"/data/a.csv"}' --holder-key worker.key
  $ warden warrant verify chain.txt -r root.pub -t read_file --args @args.json --pop "$(warden warrant sign chain.txt -k worker.key -t read_file --args @args.json)"
  $ warden warrant verify root.txt child.txt -r root.pub --at 2030-01-01T00:00:00Z --json`;

const SIGN_EXAMPLES = `
Examples:
  $ warden warrant sign chain.txt -k worker.key -t read_file --args '{"path":"/data/a.csv"}'
  $ warden warrant sign w.txt -k agent.key -t search --base64     # Tenuo's encoding`;

/** Registers `warden warrant inspect`. */
export function registerInspect(group: Command, env: CliEnv): void {
  group
    .command('inspect')
    .description(
      'decode a warrant or chain and print its fields (never its bytes); exit 2 if it does not decode',
    )
    .argument('[warrant...]', "files, '-' for stdin (default), or base64/PEM text; root first")
    .option('--at <time>', 'show expiry relative to this time (Unix seconds or ISO 8601)')
    .option('--json', 'machine-readable output')
    .option('-q, --quiet', 'no notes on stderr')
    .addHelpText('after', INSPECT_EXAMPLES)
    .action(defineAction<InspectOptions>(env, inspect));
}

/** Registers `warden warrant verify`. */
export function registerVerify(group: Command, env: CliEnv): void {
  group
    .command('verify')
    .description('verify a chain against trusted roots and, with --tool, authorize a call; exit 2 if refused')
    .argument('[warrant...]', "files, '-' for stdin (default), or base64/PEM text; root first")
    .option('-w, --warrant <input>', 'another chain element (Tenuo); repeatable, root first', collect)
    .option(
      '-r, --trusted-root <key>',
      'trusted root public key: hex, base64 or a .pub file; repeatable',
      collect,
    )
    .option('-i, --trusted-issuer <key>', 'alias of --trusted-root (Tenuo)', collect)
    .option('-t, --tool <name>', 'also authorize calling this tool')
    .option('-a, --args <json>', "the call's arguments: a JSON object, @FILE, or '-' for stdin (default {})")
    .option('--pop <signature>', "the holder's proof-of-possession signature (hex or base64; see sign)")
    .option('--holder-key <file>', "sign the proof of possession here with the holder's private key")
    .option('--at <time>', 'verify as of this time (Unix seconds or ISO 8601)')
    .option('--json', 'machine-readable output')
    .option('-q, --quiet', 'exit code only on success')
    .addHelpText('after', VERIFY_EXAMPLES)
    .action(defineAction<VerifyOptions>(env, verify));
}

/** Registers `warden warrant sign` (Tenuo's `sign`: a PoP signature for `verify --pop`). */
export function registerSign(group: Command, env: CliEnv): void {
  group
    .command('sign')
    .description(
      "create the holder's proof-of-possession signature for one tool call (valid about two minutes)",
    )
    .argument('[warrant]', "the warrant or chain: a file, '-' for stdin (default), or base64/PEM text")
    .option('-k, --key <file>', "the leaf holder's private key")
    .option('-t, --tool <name>', 'tool to call')
    .option('-a, --args <json>', "the call's arguments: a JSON object, @FILE, or '-' for stdin (default {})")
    .option('--at <time>', 'sign for this time (Unix seconds or ISO 8601)')
    .option('--base64', 'print standard base64 (as Tenuo does) instead of hex')
    .option('--json', 'machine-readable output')
    .addHelpText('after', SIGN_EXAMPLES)
    .action(defineAction<SignOptions>(env, sign));
}
