import { type Keypair, Warrant } from '@warden/warrant';
import { type Command, Option } from 'commander';
import { type CliEnv, type CommandContext, defineAction } from '../context.js';
import { asUsage, usage } from '../errors.js';
import { loadKeypair, loadPublicKey } from '../keys.js';
import { CONSTRAINT_TYPES, parseConstraints } from '../parse-constraint.js';
import { collect, collectList, parseClearance, parseIntIn, parseTtl } from '../parse-options.js';
import { emitWarrant } from '../warrant-format.js';
import { readChain } from '../warrant-text.js';

/** Flags shared by `issue` and `attenuate`. */
interface BuildOptions {
  key?: string;
  signingKey?: string;
  holder?: string;
  tool: string[];
  constraint: string[];
  constraintJson: string[];
  constraintBound: string[];
  issuableTool: string[];
  maxIssueDepth?: string;
  allowUnknown?: boolean;
  ttl?: string;
  maxDepth?: string;
  clearance?: string;
  id?: string;
  pem?: boolean;
}

interface IssueOptions extends BuildOptions {
  type?: string;
  sessionId?: string;
  agentId?: string;
}

interface AttenuateOptions extends BuildOptions {
  parent?: string;
  execution?: boolean;
  chain?: boolean;
}

const CONSTRAINT_HELP = `
Constraints (--constraint ARG=TYPE:VALUE, Tenuo's CLI syntax; TYPE is case-insensitive):
  path=Pattern:/data/*        glob (also the default: path=/data/*)
  path=Exact:/etc/hosts       exactly this string
  path=Regex:^/data/[a-z]+$   regular expression (Rust syntax)
  path=Subpath:/home/agent    under this directory after normalization
  amount=Range:0..100         inclusive numeric range (also ..100 and 0..)
  env=OneOf:staging,dev       one of (also NotOneOf, Contains, Subset)
  ip=Cidr:10.0.0.0/8          address inside the network
  url=UrlPattern:https://*.example.com/*
  url=UrlSafe                 SSRF-safe URL (UrlSafe:api.example.com,... to allow only these hosts)
  cmd=Shlex:ls,cat            a plain command whose program is one of these
  name=Wildcard               any value, but the argument must be present
Types: ${CONSTRAINT_TYPES}.
--constraint-json takes Tenuo's JSON form: '{"path":{"pattern":"/data/*"},"n":{"min":0,"max":9},"env":{"enum":["a"]}}'`;

const ISSUE_EXAMPLES = `
Examples:
  $ warden warrant issue -k root.key --holder agent.pub -t read_file -c 'path=Pattern:/data/*' --ttl 10m > w.txt
  $ warden warrant issue -k root.key --holder 3b6a27bc...e1 -t search,read_file --max-depth 2 --json
  $ warden warrant issue -k root.key --holder planner.pub --issuable-tool read_file --constraint-bound 'path=Subpath:/data'
${CONSTRAINT_HELP}`;

const ATTENUATE_EXAMPLES = `
Examples:
  $ warden warrant attenuate w.txt -k agent.key --holder worker.pub -c 'path=Pattern:/data/reports/*' --ttl 60
  $ warden warrant attenuate -p w.txt -k agent.key --holder worker.pub --chain > chain.txt
  $ cat w.txt | warden warrant attenuate - -k agent.key -t read_file --pem
  $ warden warrant attenuate issuer.txt -k planner.key --execution --holder worker.pub -t read_file -c 'path=/data/x/*'`;

/** Adds the flags `issue` and `attenuate` share. */
function buildFlags(
  cmd: Command,
  keyHelp: string,
  holderHelp: string,
  extra: (c: Command) => Command,
): Command {
  cmd
    .option('-k, --key <file>', `${keyHelp} (PKCS#8 PEM, or a hex/base64 seed; '-' for stdin)`)
    .addOption(new Option('--signing-key <file>', 'alias of --key (Tenuo)').hideHelp())
    .option('--holder <key>', holderHelp);
  return extra(cmd)
    .option('-t, --tool <name>', 'tool name; repeatable or comma-separated', collectList)
    .option('-c, --constraint <spec>', 'argument constraint ARG=TYPE:VALUE; repeatable (see below)', collect)
    .option('--constraint-json <json>', "constraints in Tenuo's JSON form; repeatable", collect)
    .option('--allow-unknown', 'let arguments without a constraint through (default: closed world)')
    .option(
      '--issuable-tool <name>',
      'issuer warrants: tool it may issue; repeatable or comma-separated',
      collectList,
    )
    .addOption(
      new Option('--issuable-tools <names>', 'alias of --issuable-tool (Tenuo)')
        .hideHelp()
        .argParser(collectList),
    )
    .option('--constraint-bound <spec>', 'issuer warrants: bound for issued constraints; repeatable', collect)
    .option('--max-issue-depth <n>', 'issuer warrants: how deep issued warrants may go')
    .option('--ttl <duration>', 'lifetime: seconds, or 30s, 10m, 1h, 1d')
    .option('--max-depth <n>', 'how many further delegations are allowed (0..64)')
    .option(
      '--clearance <level>',
      'clearance 0..255 or untrusted|external|partner|internal|privileged|system',
    )
    .option('--id <id>', 'warrant id: 32 hex characters or tnu_wrt_... (default: a fresh UUIDv7)')
    .option('--pem', 'print a PEM block instead of base64url')
    .option('--json', 'machine-readable output (includes the warrant text)')
    .option('-q, --quiet', 'print the warrant only, no notes');
}

/** Repeatable flags left unset are undefined (no commander default, which would clutter --help). */
function withLists<T extends BuildOptions>(o: T): T {
  return {
    ...o,
    tool: o.tool ?? [],
    constraint: o.constraint ?? [],
    constraintJson: o.constraintJson ?? [],
    constraintBound: o.constraintBound ?? [],
    issuableTool: o.issuableTool ?? [],
  };
}

/** Options the two builders share, parsed from flags. */
function common(opts: BuildOptions) {
  return {
    ...(opts.ttl !== undefined && { ttlSeconds: parseTtl(opts.ttl) }),
    ...(opts.maxDepth !== undefined && { maxDepth: parseIntIn(opts.maxDepth, 64, '--max-depth') }),
    ...(opts.clearance !== undefined && { clearance: parseClearance(opts.clearance) }),
    ...(opts.id !== undefined && { id: opts.id }),
  };
}

function issuable(opts: BuildOptions & { issuableTools?: string[] }): string[] {
  return [...opts.issuableTool, ...(opts.issuableTools ?? [])];
}

async function signingKey(ctx: CommandContext<BuildOptions>): Promise<Keypair> {
  const source = ctx.opts.key ?? ctx.opts.signingKey;
  if (source === undefined) throw usage('usage_error', 'missing --key FILE (the signing private key)');
  if (ctx.opts.key !== undefined && ctx.opts.signingKey !== undefined)
    throw usage('usage_error', 'give --key or --signing-key, not both');
  return loadKeypair(source, '--key', ctx.reader, ctx.io);
}

async function issue(ctx: CommandContext<IssueOptions>): Promise<void> {
  const opts = withLists(ctx.opts);
  const issuableTools = issuable(opts);
  const type = opts.type ?? (issuableTools.length > 0 ? 'issuer' : 'execution');
  if (type !== 'execution' && type !== 'issuer')
    throw usage('usage_error', "--type must be 'execution' or 'issuer'");
  if (opts.holder === undefined)
    throw usage('usage_error', 'missing --holder KEY (hex, base64, or a public key file)');
  if (type === 'execution') {
    if (opts.tool.length === 0) throw usage('usage_error', 'an execution warrant needs --tool');
    if (issuableTools.length > 0 || opts.constraintBound.length > 0 || opts.maxIssueDepth !== undefined) {
      throw usage(
        'usage_error',
        '--issuable-tool, --constraint-bound and --max-issue-depth are for issuer warrants',
      );
    }
  } else {
    if (issuableTools.length === 0) throw usage('usage_error', 'an issuer warrant needs --issuable-tool');
    if (opts.tool.length > 0 || opts.constraint.length > 0 || opts.constraintJson.length > 0) {
      throw usage(
        'usage_error',
        'issuer warrants take --issuable-tool and --constraint-bound, not --tool or --constraint',
      );
    }
  }
  // Parse every flag before touching the key, so a typo never costs a key read.
  const constraints = parseConstraints(opts.constraint, opts.constraintJson);
  const bounds = parseConstraints(opts.constraintBound, [], '--constraint-bound');
  const holder = await loadPublicKey(opts.holder, '--holder', ctx.reader);
  const shared = common(opts);
  const keypair = await signingKey(ctx);
  try {
    // Nothing is verified when issuing a root, so any refusal is about a flag value: a usage error.
    const w = asUsage(() =>
      Warrant.issue({
        keypair,
        holder,
        ...shared,
        ...(type === 'execution'
          ? { tools: opts.tool, constraints, allowUnknown: opts.allowUnknown === true }
          : {
              issuableTools,
              constraintBounds: bounds,
              ...(opts.maxIssueDepth !== undefined && {
                maxIssueDepth: parseIntIn(opts.maxIssueDepth, 64, '--max-issue-depth'),
              }),
            }),
        ...(opts.sessionId !== undefined && { sessionId: opts.sessionId }),
        ...(opts.agentId !== undefined && { agentId: opts.agentId }),
      }),
    );
    emitWarrant(ctx.out, w, { pem: opts.pem === true });
  } finally {
    keypair.zeroize();
  }
}

/** Checks the flags against the parent's type before any key is read. */
function checkAttenuateFlags(opts: AttenuateOptions, parent: Warrant, issuableTools: string[]): void {
  const execFlags = opts.tool.length > 0 || opts.constraint.length > 0 || opts.constraintJson.length > 0;
  const issuerFlags =
    issuableTools.length > 0 || opts.constraintBound.length > 0 || opts.maxIssueDepth !== undefined;
  if (parent.type === 'execution') {
    if (opts.execution) throw usage('usage_error', '--execution needs an issuer warrant as parent');
    if (issuerFlags)
      throw usage(
        'usage_error',
        'the parent is an execution warrant: --issuable-tool, --constraint-bound and --max-issue-depth do not apply',
      );
    // As Tenuo: with several tools, which ones a constraint narrows must be said.
    if (
      opts.tool.length === 0 &&
      parent.tools.length > 1 &&
      (opts.constraint.length > 0 || opts.constraintJson.length > 0)
    ) {
      throw usage(
        'usage_error',
        'the parent grants several tools: say which to keep (and constrain) with --tool',
      );
    }
  } else if (opts.execution) {
    if (issuerFlags)
      throw usage('usage_error', '--execution mints an execution warrant: use --tool and --constraint');
    if (opts.tool.length === 0) throw usage('usage_error', '--execution needs --tool');
    if (opts.holder === undefined) throw usage('usage_error', '--execution needs --holder');
  } else if (execFlags) {
    throw usage(
      'usage_error',
      'the parent is an issuer warrant: narrow it with --issuable-tool/--constraint-bound, or mint with --execution',
    );
  }
}

async function attenuate(ctx: CommandContext<AttenuateOptions>): Promise<void> {
  const opts = withLists(ctx.opts);
  const positional = ctx.args[0] as string | undefined;
  if (positional !== undefined && opts.parent !== undefined)
    throw usage('usage_error', 'give the parent as an argument or --parent, not both');
  const chain = await readChain([positional ?? opts.parent ?? '-'], 'parent warrant', ctx.reader);
  const parent = chain[chain.length - 1] as Warrant;
  const issuableTools = issuable(opts);
  checkAttenuateFlags(opts, parent, issuableTools);
  const constraints = parseConstraints(opts.constraint, opts.constraintJson);
  const bounds = parseConstraints(opts.constraintBound, [], '--constraint-bound');
  const holder =
    opts.holder === undefined ? undefined : await loadPublicKey(opts.holder, '--holder', ctx.reader);
  const shared = common(opts);
  const keypair = await signingKey(ctx);
  try {
    if (!keypair.publicKey.equals(parent.holder)) {
      throw usage(
        'key_not_holder',
        `--key is not the holder of the parent warrant (holder ${parent.holder.toHex()})`,
      );
    }
    let child: Warrant;
    if (opts.execution) {
      child = parent.issueExecution({
        keypair,
        holder: holder as NonNullable<typeof holder>,
        tools: opts.tool,
        constraints,
        allowUnknown: opts.allowUnknown === true,
        ...shared,
      });
    } else if (parent.type === 'issuer') {
      child = parent.attenuate({
        keypair,
        ...(holder && { holder }),
        ...shared,
        ...(issuableTools.length > 0 && { issuableTools }),
        ...(opts.constraintBound.length > 0 && { constraintBounds: bounds }),
        ...(opts.maxIssueDepth !== undefined && {
          maxIssueDepth: parseIntIn(opts.maxIssueDepth, 64, '--max-issue-depth'),
        }),
      });
    } else {
      child = parent.attenuate({
        keypair,
        ...(holder && { holder }),
        ...shared,
        ...(opts.tool.length > 0 && { tools: opts.tool }),
        constraints,
      });
    }
    emitWarrant(ctx.out, child, { pem: opts.pem === true, ...(opts.chain && { chain: [...chain, child] }) });
  } finally {
    keypair.zeroize();
  }
}

/** Registers `warden warrant issue`. */
export function registerIssue(group: Command, env: CliEnv): void {
  const issueCmd = group
    .command('issue')
    .description(
      'issue a root warrant signed by --key and bound to --holder; prints it (base64url) on stdout',
    );
  buildFlags(
    issueCmd,
    'issuer private key file',
    'holder public key: hex, base64, or a public key file (.pub)',
    (c) =>
      c
        .option('--type <type>', 'execution (default) or issuer (implied by --issuable-tool)')
        .option('--session-id <id>', 'session id extension')
        .option('--agent-id <id>', 'agent id extension'),
  )
    .addHelpText('after', ISSUE_EXAMPLES)
    .action(defineAction<IssueOptions>(env, issue));
}

/** Registers `warden warrant attenuate`. */
export function registerAttenuate(group: Command, env: CliEnv): void {
  const attenuateCmd = group
    .command('attenuate')
    .description(
      "derive a narrower child of a warrant, signed by the parent holder's --key; prints the child",
    )
    .argument('[warrant]', "parent warrant or chain: a file, '-' for stdin (default), or base64/PEM text");
  buildFlags(
    attenuateCmd,
    "the parent holder's private key file",
    "child holder public key (default: the parent's holder)",
    (c) =>
      c
        .option('-p, --parent <file>', "the parent, as an option (file or '-')")
        .option('--execution', 'from an issuer warrant, mint an execution warrant for --tool/--constraint')
        .option(
          '--chain',
          'print the whole chain (parent chain + child) as one stack instead of the child alone',
        ),
  )
    .addHelpText('after', `${ATTENUATE_EXAMPLES}\n${CONSTRAINT_HELP}`)
    .action(defineAction<AttenuateOptions>(env, attenuate));
}
