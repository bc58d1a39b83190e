import { existsSync } from 'node:fs';
import { Keypair } from '@warden/warrant';
import type { Command } from 'commander';
import { type CliEnv, type CommandContext, defineAction } from '../context.js';
import { usage } from '../errors.js';
import { writeFileSafely } from '../io.js';
import { loadKeypair } from '../keys.js';

interface KeygenOptions {
  out?: string;
  pubOut?: string;
  force?: boolean;
  showPublic?: string;
  pem?: boolean;
}

const EXAMPLES = `
Examples:
  $ warden keygen agent                      # writes agent.key (0600) and agent.pub, prints the public key hex
  $ warden keygen --out keys/root.key        # writes keys/root.key and keys/root.pub
  $ warden keygen --out - > root.key         # private key PEM on stdout (explicitly asked for)
  $ warden keygen --show-public agent.key    # public key hex of an existing key
  $ warden keygen --show-public agent.key --pem`;

/** `NAME.key` -> `NAME.pub`; other names get `.pub` appended. */
function publicPathFor(privatePath: string): string {
  return /\.(key|pem)$/.test(privatePath)
    ? privatePath.replace(/\.(key|pem)$/, '.pub')
    : `${privatePath}.pub`;
}

async function keygen({ opts, args, out, reader, io }: CommandContext<KeygenOptions>): Promise<void> {
  const name = args[0] as string | undefined;
  if (opts.showPublic !== undefined) {
    if (name !== undefined || opts.out !== undefined)
      throw usage('usage_error', '--show-public takes no NAME or --out');
    const kp = await loadKeypair(opts.showPublic, '--show-public', reader, io);
    const pub = kp.publicKey;
    kp.zeroize();
    out.result({ publicKey: pub.toHex(), publicKeyPem: pub.toPem() }, opts.pem ? pub.toPem() : pub.toHex());
    return;
  }
  if (name !== undefined && opts.out !== undefined)
    throw usage('usage_error', 'give NAME or --out, not both');
  const privatePath = opts.out ?? (name === undefined ? undefined : `${name}.key`);
  if (privatePath === undefined) {
    throw usage('usage_error', 'give NAME or --out FILE (--out - prints the private key to stdout)');
  }
  const kp = Keypair.generate();
  try {
    const pub = kp.publicKey;
    if (privatePath === '-') {
      // Explicitly asked for: the PEM is the result; the public key goes to stderr as Tenuo does.
      if (opts.pubOut !== undefined)
        writeFileSafely(opts.pubOut, pub.toPem(), { mode: 0o644, force: opts.force === true });
      out.result(
        { publicKey: pub.toHex(), privateKeyPem: kp.toPem(), publicKeyPem: pub.toPem() },
        kp.toPem(),
      );
      out.note(`public key: ${pub.toHex()}`);
      return;
    }
    const publicPath = opts.pubOut ?? publicPathFor(privatePath);
    if (publicPath === privatePath)
      throw usage('usage_error', 'the public key path must differ from the private key path');
    const force = opts.force === true;
    // Check both before writing either, so a refusal leaves nothing half-made.
    for (const p of [privatePath, publicPath]) {
      if (!force && existsSync(p))
        throw usage('file_exists', `${p} already exists (use --force to overwrite)`);
    }
    writeFileSafely(privatePath, kp.toPem(), { mode: 0o600, force });
    writeFileSafely(publicPath, pub.toPem(), { mode: 0o644, force });
    out.result(
      { publicKey: pub.toHex(), privateKeyFile: privatePath, publicKeyFile: publicPath },
      pub.toHex(),
    );
    out.note(`wrote ${privatePath} (private, mode 0600) and ${publicPath} (public)`);
  } finally {
    kp.zeroize();
  }
}

/** Registers `warden keygen`. */
export function registerKeygen(program: Command, env: CliEnv): void {
  program
    .command('keygen')
    .description('generate an Ed25519 key pair (PKCS#8 private key file, SPKI public key file)')
    .argument('[name]', 'base name: writes NAME.key and NAME.pub (as Tenuo does)')
    .option('-o, --out <file>', "private key file, or '-' to print the private key PEM to stdout")
    .option('--pub-out <file>', 'public key file (default: the private key path with .pub)')
    .option('-f, --force', 'overwrite existing files')
    .option('--show-public <file>', 'print the public key of an existing private key instead')
    .option('--pem', 'with --show-public: print the SPKI PEM instead of hex')
    .option('--json', 'machine-readable output')
    .option('-q, --quiet', 'no notes on stderr')
    .addHelpText('after', EXAMPLES)
    .action(defineAction<KeygenOptions>(env, keygen));
}
