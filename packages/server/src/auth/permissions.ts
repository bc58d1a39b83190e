/**
 * Sirr v1 permission letters (notes §5): 15 bits, bit 0 to bit 14 in this
 * canonical order. A role's permissions are a string of these letters.
 */
export const PERMISSION_LETTERS = 'rRlLcCpPaAmMSdD';

/** One permission letter. */
export type PermissionLetter =
  | 'r'
  | 'R'
  | 'l'
  | 'L'
  | 'c'
  | 'C'
  | 'p'
  | 'P'
  | 'a'
  | 'A'
  | 'm'
  | 'M'
  | 'S'
  | 'd'
  | 'D';

/** The built-in roles Sirr seeds (the store seeds them too; this table is for docs and tests). */
export const BUILT_IN_ROLES: Readonly<Record<string, string>> = {
  reader: 'rla',
  writer: 'rlcpdam',
  admin: 'rRlLcCpPaAmMdD',
  owner: 'rRlLcCpPaAmMSdD',
};

/**
 * Parses a letter string into a bit mask. Order does not matter and duplicates
 * are allowed, as in Sirr; returns the first unknown letter instead of a mask.
 */
export function parsePermissions(letters: string): { mask: number } | { invalid: string } {
  let mask = 0;
  for (const ch of letters) {
    const bit = PERMISSION_LETTERS.indexOf(ch);
    if (bit < 0) return { invalid: ch };
    mask |= 1 << bit;
  }
  return { mask };
}

/** The canonical letter string of a mask (`"Llr"` becomes `"rlL"`). */
export function formatPermissions(mask: number): string {
  let out = '';
  for (let bit = 0; bit < PERMISSION_LETTERS.length; bit++) {
    if (mask & (1 << bit)) out += PERMISSION_LETTERS[bit];
  }
  return out;
}

/** Whether `mask` holds `letter`. */
export function has(mask: number, letter: PermissionLetter): boolean {
  return (mask & (1 << PERMISSION_LETTERS.indexOf(letter))) !== 0;
}

/** Whether `mask` holds at least one of `letters`. */
export function hasAny(mask: number, letters: string): boolean {
  for (const ch of letters) {
    const bit = PERMISSION_LETTERS.indexOf(ch);
    if (bit >= 0 && (mask & (1 << bit)) !== 0) return true;
  }
  return false;
}
