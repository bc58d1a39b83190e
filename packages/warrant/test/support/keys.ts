import { Keypair } from '../../src/index.js';

/** The seeds of Tenuo's test vectors (test-vectors.md "Key Material"). */
const seed = (byte: number) => new Uint8Array(32).fill(byte);

export const CONTROL_PLANE = Keypair.fromSeed(seed(0x01));
export const ORCHESTRATOR = Keypair.fromSeed(seed(0x02));
export const WORKER = Keypair.fromSeed(seed(0x03));
export const WORKER2 = Keypair.fromSeed(seed(0x04));
export const ATTACKER = Keypair.fromSeed(seed(0xff));
export const APPROVER1 = Keypair.fromSeed(seed(0x11));
export const APPROVER2 = Keypair.fromSeed(seed(0x12));
export const APPROVER3 = Keypair.fromSeed(seed(0x13));

/** The vectors' issued_at and expires_at. */
export const T0 = 1_704_067_200;
export const T1 = 1_704_070_800;
