// Unicode property lookup: regex-syntax's property, category and script names as `\p{…}` bodies.
import type { UniQuery } from './ast.js';
import { invalid, SYNTAX, UNSUPPORTED } from './errors.js';

// Unicode property names (regex-syntax `unicode.rs`, tables from
// `unicode_tables/property_names.rs` and `property_values.rs`, Unicode 16).
// Each entry is `Canonical|alias|…`; the loosely-normalized canonical name is
// an alias too. Entries whose Rust lookup fails (gc=Surrogate,
// sc=Katakana_Or_Hiragana, sc=Unknown) are left out, so they fail here too.

const PROPERTY_NAMES =
  'ASCII_Hex_Digit|ahex,Alphabetic|alpha,Bidi_Control|bidic,Bidi_Mirrored|bidim,Cased,Case_Ignorable|ci' +
  ',Changes_When_Casefolded|cwcf,Changes_When_Casemapped|cwcm,Changes_When_Lowercased|cwl,Changes_When_' +
  'Titlecased|cwt,Changes_When_Uppercased|cwu,Dash,Default_Ignorable_Code_Point|di,Deprecated|dep,Diacr' +
  'itic|dia,Emoji_Modifier_Base|ebase,Emoji_Component|ecomp,Emoji_Modifier|emod,Emoji,Emoji_Presentatio' +
  'n|epres,Extender|ext,Extended_Pictographic|extpict,General_Category|gc,Grapheme_Base|grbase,Grapheme' +
  '_Extend|grext,Grapheme_Link|grlink,Hex_Digit|hex,Hyphen,ID_Continue|idc,ID_Compat_Math_Continue,ID_C' +
  'ompat_Math_Start,Ideographic|ideo,ID_Start|ids,IDS_Binary_Operator|idsb,IDS_Trinary_Operator|idst,ID' +
  'S_Unary_Operator|idsu,Join_Control|joinc,Logical_Order_Exception|loe,Lowercase|lower,Math,Modifier_C' +
  'ombining_Mark|mcm,Noncharacter_Code_Point|nchar,Other_Alphabetic|oalpha,Other_Default_Ignorable_Code' +
  '_Point|odi,Other_Grapheme_Extend|ogrext,Other_ID_Continue|oidc,Other_ID_Start|oids,Other_Lowercase|o' +
  'lower,Other_Math|omath,Other_Uppercase|oupper,Pattern_Syntax|patsyn,Pattern_White_Space|patws,Prepen' +
  'ded_Concatenation_Mark|pcm,Quotation_Mark|qmark,Radical,Regional_Indicator|ri,Script|sc,Script_Exten' +
  'sions|scx,Soft_Dotted|sd,Sentence_Terminal|sterm,White_Space|space|wspace,Terminal_Punctuation|term,' +
  'Unified_Ideograph|uideo,Uppercase|upper,Variation_Selector|vs,XID_Continue|xidc,XID_Start|xids';
const GENERAL_CATEGORIES =
  'Other|c,Cased_Letter|lc,Control|cc|cntrl,Format|cf,Close_Punctuation|pe,Unassigned|cn,Private_Use|co' +
  ',Mark|combiningmark|m,Connector_Punctuation|pc,Currency_Symbol|sc,Dash_Punctuation|pd,Decimal_Number' +
  '|digit|nd,Enclosing_Mark|me,Final_Punctuation|pf,Initial_Punctuation|pi,Letter|l,Letter_Number|nl,Li' +
  'ne_Separator|zl,Lowercase_Letter|ll,Modifier_Letter|lm,Other_Letter|lo,Titlecase_Letter|lt,Uppercase' +
  '_Letter|lu,Math_Symbol|sm,Spacing_Mark|mc,Nonspacing_Mark|mn,Modifier_Symbol|sk,Number|n,Other_Numbe' +
  'r|no,Open_Punctuation|ps,Other_Punctuation|po,Other_Symbol|so,Punctuation|p|punct,Paragraph_Separato' +
  'r|zp,Symbol|s,Separator|z,Space_Separator|zs';
const SCRIPTS =
  'Adlam|adlm,Caucasian_Albanian|aghb,Ahom,Anatolian_Hieroglyphs|hluw,Arabic|arab,Armenian|armn,Imperia' +
  'l_Aramaic|armi,Avestan|avst,Balinese|bali,Bamum|bamu,Bassa_Vah|bass,Batak|batk,Bengali|beng,Bhaiksuk' +
  'i|bhks,Bopomofo|bopo,Brahmi|brah,Braille|brai,Buginese|bugi,Buhid|buhd,Chakma|cakm,Canadian_Aborigin' +
  'al|cans,Carian|cari,Cham,Cherokee|cher,Chorasmian|chrs,Common|zyyy,Coptic|copt|qaac,Cypro_Minoan|cpm' +
  'n,Cypriot|cprt,Cuneiform|xsux,Cyrillic|cyrl,Deseret|dsrt,Devanagari|deva,Dives_Akuru|diak,Dogra|dogr' +
  ',Duployan|dupl,Egyptian_Hieroglyphs|egyp,Elbasan|elba,Elymaic|elym,Ethiopic|ethi,Garay|gara,Georgian' +
  '|geor,Glagolitic|glag,Gunjala_Gondi|gong,Masaram_Gondi|gonm,Gothic|goth,Grantha|gran,Greek|grek,Guja' +
  'rati|gujr,Gurung_Khema|gukh,Gurmukhi|guru,Han|hani,Hangul|hang,Hanifi_Rohingya|rohg,Hanunoo|hano,Hat' +
  'ran|hatr,Hebrew|hebr,Hiragana|hira,Pahawh_Hmong|hmng,Nyiakeng_Puachue_Hmong|hmnp,Old_Hungarian|hung,' +
  'Inherited|qaai|zinh,Inscriptional_Pahlavi|phli,Inscriptional_Parthian|prti,Old_Italic|ital,Javanese|' +
  'java,Kaithi|kthi,Kayah_Li|kali,Katakana|kana,Kannada|knda,Kawi,Kharoshthi|khar,Khitan_Small_Script|k' +
  'its,Khmer|khmr,Khojki|khoj,Khudawadi|sind,Kirat_Rai|krai,Tai_Tham|lana,Lao|laoo,Latin|latn,Lepcha|le' +
  'pc,Limbu|limb,Linear_A|lina,Linear_B|linb,Lisu,Lycian|lyci,Lydian|lydi,Mahajani|mahj,Makasar|maka,Ma' +
  'layalam|mlym,Mandaic|mand,Manichaean|mani,Marchen|marc,Medefaidrin|medf,Meetei_Mayek|mtei,Mende_Kika' +
  'kui|mend,Meroitic_Cursive|merc,Meroitic_Hieroglyphs|mero,Miao|plrd,Modi,Mongolian|mong,Mro|mroo,Mult' +
  'ani|mult,Myanmar|mymr,Nabataean|nbat,Nag_Mundari|nagm,Nandinagari|nand,Old_North_Arabian|narb,Newa,N' +
  'ew_Tai_Lue|talu,Nko|nkoo,Nushu|nshu,Ogham|ogam,Ol_Chiki|olck,Old_Permic|perm,Old_Persian|xpeo,Old_So' +
  'gdian|sogo,Old_South_Arabian|sarb,Old_Turkic|orkh,Old_Uyghur|ougr,Ol_Onal|onao,Oriya|orya,Osage|osge' +
  ',Osmanya|osma,Palmyrene|palm,Pau_Cin_Hau|pauc,Phags_Pa|phag,Psalter_Pahlavi|phlp,Phoenician|phnx,Rej' +
  'ang|rjng,Runic|runr,Samaritan|samr,Saurashtra|saur,SignWriting|sgnw,Sharada|shrd,Shavian|shaw,Siddha' +
  'm|sidd,Sinhala|sinh,Sogdian|sogd,Sora_Sompeng|sora,Soyombo|soyo,Sundanese|sund,Sunuwar|sunu,Syloti_N' +
  'agri|sylo,Syriac|syrc,Tagalog|tglg,Tagbanwa|tagb,Tai_Le|tale,Tai_Viet|tavt,Takri|takr,Tamil|taml,Tan' +
  'gut|tang,Tangsa|tnsa,Telugu|telu,Tifinagh|tfng,Thaana|thaa,Thai,Tibetan|tibt,Tirhuta|tirh,Todhri|tod' +
  'r,Toto,Tulu_Tigalari|tutg,Ugaritic|ugar,Vai|vaii,Vithkuqi|vith,Wancho|wcho,Warang_Citi|wara,Yezidi|y' +
  'ezi,Yi|yiii,Zanabazar_Square|zanb';

/** Names that exist in Rust but map to data JavaScript lacks (Age, segmentation properties). */
const UNSUPPORTED_PROPERTIES = new Set([
  'age',
  'gcb',
  'graphemeclusterbreak',
  'wb',
  'wordbreak',
  'sb',
  'sentencebreak',
]);
/** Properties whose data differs materially between Rust's Unicode 16 tables and current engines. */
const DRIFTED_PROPERTIES = new Set(['Extended_Pictographic', 'Diacritic']);
const NON_BINARY = new Set(['General_Category', 'Script', 'Script_Extensions']);

/** regex-syntax `symbolic_name_normalize` (UAX44-LM3 as Rust implements it, non-ASCII dropped). */
function normalizeName(x: string): string {
  const isPrefix = x.length >= 2 && (x[0] === 'i' || x[0] === 'I') && (x[1] === 's' || x[1] === 'S');
  let out = '';
  for (const ch of isPrefix ? x.slice(2) : x) {
    const c = ch.codePointAt(0) as number;
    if (ch === ' ' || ch === '_' || ch === '-' || c > 0x7f) continue;
    out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 0x20) : ch;
  }
  // Rust's special case: "isc" is the 'Other' category's alias, not "is" + "c".
  return isPrefix && out === 'c' ? 'isc' : out;
}

function aliasTable(table: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of table.split(',')) {
    const [canonical = '', ...aliases] = entry.split('|');
    map.set(normalizeName(canonical), canonical);
    for (const alias of aliases) map.set(alias, canonical);
  }
  return map;
}

let tables: { props: Map<string, string>; gc: Map<string, string>; scripts: Map<string, string> } | undefined;
function unicodeTables(): NonNullable<typeof tables> {
  tables ??= {
    props: aliasTable(PROPERTY_NAMES),
    gc: aliasTable(GENERAL_CATEGORIES),
    scripts: aliasTable(SCRIPTS),
  };
  return tables;
}

function gencatBody(n: string): string | undefined {
  if (n === 'any') return 'Any';
  if (n === 'assigned') return 'Assigned';
  if (n === 'ascii') return 'ASCII';
  const c = unicodeTables().gc.get(n);
  return c === undefined ? undefined : `gc=${c}`;
}

function scriptBody(n: string, key: 'sc' | 'scx'): string | undefined {
  const c = unicodeTables().scripts.get(n);
  return c === undefined ? undefined : `${key}=${c}`;
}

/** regex-syntax `unicode::class` lookup order, ending in the body of a JavaScript `\p{…}`. */
export function unicodeBody(q: UniQuery): string {
  const { props } = unicodeTables();
  if (q.t === 'value') {
    const name = normalizeName(q.name);
    const value = normalizeName(q.value);
    if (UNSUPPORTED_PROPERTIES.has(name)) throw invalid(UNSUPPORTED);
    const prop = props.get(name);
    let body: string | undefined;
    if (prop === 'General_Category') body = gencatBody(value);
    else if (prop === 'Script') body = scriptBody(value, 'sc');
    else if (prop === 'Script_Extensions') body = scriptBody(value, 'scx');
    if (body === undefined) throw invalid(SYNTAX);
    return body;
  }
  const n = normalizeName(q.t === 'one' ? String.fromCodePoint(q.c) : q.name);
  // 'cf', 'sc' and 'lc' are general categories even though they also abbreviate property names.
  if (n !== 'cf' && n !== 'sc' && n !== 'lc') {
    const prop = props.get(n);
    if (prop !== undefined) {
      if (NON_BINARY.has(prop)) throw invalid(SYNTAX);
      if (DRIFTED_PROPERTIES.has(prop)) throw invalid(UNSUPPORTED);
      return prop;
    }
  }
  const body = gencatBody(n) ?? scriptBody(n, 'sc');
  if (body === undefined) throw invalid(SYNTAX);
  return body;
}

const supported = new Map<string, boolean>();
/** Whether this engine knows `\p{body}`; Rust supports a few binary properties JavaScript does not. */
export function engineSupports(body: string): boolean {
  let ok = supported.get(body);
  if (ok === undefined) {
    try {
      new RegExp(`\\p{${body}}`, 'v');
      ok = true;
    } catch {
      ok = false;
    }
    supported.set(body, ok);
  }
  return ok;
}
