/**
 * The built-in detector set. Every detector here follows the rules of
 * chars.ts (no `[`/`]` in a match, `]` before and `[` after are not
 * boundaries), which the redactor relies on for idempotence.
 */
import { tokenDetector } from '../scan.js';
import type { Detector } from '../types.js';
import { AI_TOKENS } from './ai.js';
import { authorizationHeader, bearerToken, npmrcAuth, secretAssignment } from './assignment.js';
import { awsAccessKeyId, awsAccountId, awsSecretAccessKey, awsSecretNextToKeyId } from './aws.js';
import {
  azureAdClientSecret,
  azureClientId,
  azureClientSecret,
  azureConnectionStringKey,
  azureTenantId,
} from './azure.js';
import { CLOUD_TOKENS } from './cloud.js';
import { secp256k1PrivateKey } from './crypto.js';
import { DEV_TOKENS } from './dev.js';
import { highEntropyAssignment } from './entropy.js';
import { gcpServiceAccount } from './gcp.js';
import { privateKey } from './pem.js';
import { gcpServiceAccountP12 } from './pkcs12.js';
import { SAAS_TOKENS } from './saas.js';
import { databaseConnectionString, urlCredentials } from './url.js';

/** The known-shape detectors `detectors: 'default'` uses. */
export const DEFAULT_DETECTORS: readonly Detector[] = Object.freeze([
  ...[...AI_TOKENS, ...DEV_TOKENS, ...CLOUD_TOKENS, ...SAAS_TOKENS].map(tokenDetector),
  awsAccessKeyId,
  awsSecretAccessKey,
  awsSecretNextToKeyId,
  awsAccountId,
  azureClientSecret,
  azureAdClientSecret,
  azureConnectionStringKey,
  azureTenantId,
  azureClientId,
  gcpServiceAccount,
  gcpServiceAccountP12,
  privateKey,
  urlCredentials,
  databaseConnectionString,
  secp256k1PrivateKey,
  secretAssignment,
  npmrcAuth,
  authorizationHeader,
  bearerToken,
]);

/** The generic high-entropy assignment detector that `entropy: true` adds. */
export const ENTROPY_DETECTOR: Detector = highEntropyAssignment;

const BUILT_IN: ReadonlySet<Detector> = new Set([...DEFAULT_DETECTORS, ENTROPY_DETECTOR]);

/** True for the detectors of this module (they obey the boundary rules of chars.ts). */
export function isBuiltInDetector(d: Detector): boolean {
  return BUILT_IN.has(d);
}
