/**
 * Azure: Entra ID (Azure AD) client secrets, by their `xxxNQ~` shape or by
 * their keyword; storage and Service Bus keys in connection strings; tenant
 * and client ids next to their keyword (identifiers: low confidence).
 */
import { boundaryBefore, charClass, inClass } from '../chars.js';
import { finding } from '../finding.js';
import { ASSIGN, anchoredDetector, keywordDetector } from '../scan.js';
import type { Detector } from '../types.js';

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** `AZURE_CLIENT_SECRET=...`, `azureClientSecret := "..."`: 40 characters after the keyword. */
export const azureClientSecret: Detector = keywordDetector({
  id: 'azure-client-secret',
  confidence: 'high',
  keywords: ['client'],
  pattern: `client_?secret${ASSIGN}([-_.~a-z0-9]{40})(?![-_.~a-z0-9\\[])`,
  maxLength: 80,
});

const SECRET_CHARS = charClass('A-Za-z0-9_~.');
const AD_SECRET_TAIL = /Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.\-[])/y;

/** Client secrets as Entra ID issues them: 3 characters, a digit, `Q~`, 31-34 characters. */
export const azureAdClientSecret: Detector = anchoredDetector({
  id: 'azure-client-secret',
  confidence: 'high',
  keywords: ['Q~'],
  maxLength: 1 + 4 + 36 + 1,
  findAt(text, q) {
    const start = q - 4;
    if (start < 0 || !text.startsWith('Q~', q) || !boundaryBefore(text, start, SECRET_CHARS))
      return undefined;
    const digit = text.charCodeAt(q - 1);
    if (digit < 0x30 || digit > 0x39) return undefined;
    if (![0, 1, 2].every((i) => inClass(SECRET_CHARS, text.charCodeAt(start + i)))) return undefined;
    AD_SECRET_TAIL.lastIndex = q;
    const tail = AD_SECRET_TAIL.exec(text);
    return tail === null ? undefined : finding('azure-client-secret', start, q + tail[0].length, 'high');
  },
});

/** `AccountKey=...` (storage) and `SharedAccessKey=...` (Service Bus, Event Hubs) in connection strings. */
export const azureConnectionStringKey: Detector = keywordDetector({
  id: 'azure-connection-string-key',
  confidence: 'high',
  keywords: ['accountkey', 'sharedaccesskey'],
  pattern: '(?:accountkey|sharedaccesskey)\\s{0,4}=\\s{0,4}([A-Za-z0-9+/]{40,90}={0,2})(?![A-Za-z0-9+/=\\[])',
  maxLength: 120,
});

/** `AZURE_TENANT_ID` / `ad_tenant_id` followed by a GUID. */
export const azureTenantId: Detector = keywordDetector({
  id: 'azure-tenant-id',
  confidence: 'low',
  keywords: ['azure_tenant', 'azuretenant', 'ad_tenant', 'adtenant'],
  pattern: `(?:azure|ad)_?tenant_?id${ASSIGN}(${GUID})(?![0-9a-z\\-\\[])`,
  maxLength: 80,
});

/** `AZURE_CLIENT_ID` / `client_id` followed by a GUID. */
export const azureClientId: Detector = keywordDetector({
  id: 'azure-client-id',
  confidence: 'low',
  keywords: ['client_id', 'clientid'],
  pattern: `client_?id${ASSIGN}(${GUID})(?![0-9a-z\\-\\[])`,
  maxLength: 80,
});
