import { describe, expect, it } from 'vitest';
import {
  compileRustRegex,
  RUST_REGEX_MAX_INPUT_BYTES,
  RUST_REGEX_MAX_PATTERN_BYTES,
} from '../src/constraints/rust-regex/index.js';
import { ConstraintError } from '../src/errors.js';

/** Runs `fn` and returns the ConstraintError code it throws (or fails the test). */
function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConstraintError);
    return (e as ConstraintError).code;
  }
  throw new Error('expected a ConstraintError');
}

const matches = (pattern: string, text: string): boolean => compileRustRegex(pattern).test(text);

// ---------------------------------------------------------------------------
// Expected results recorded from the real regex 1.13.1 crate (`Regex::new`,
// then `is_match` per input): a string of 0/1 per input, or 'E' when
// `Regex::new` fails. Built from the crate's source at the version Tenuo locks.
// ---------------------------------------------------------------------------

const RUST_ORACLE: ReadonlyArray<readonly [string, readonly string[], string]> = [
  ['^prod-[a-z]+$', ['prod-web', 'prod-', 'prod-Web', 'xprod-web', 'prod-web\x0a', 'staging-web'], '100000'],
  ['prod', ['prod', 'my-prod-db', 'PROD', ''], '1100'],
  ['^\\d+$', ['123', '١٢٣', '۱۲۳', '१२३', '12a', ''], '111100'],
  ['^\\d{3}-\\d{4}$', ['555-1234', '٥٥٥-١٢٣٤', '5555-1234'], '110'],
  ['^[0-9]+$', ['123', '١٢٣'], '10'],
  ['a.c', ['abc', 'a\x0ac', 'a\x0dc', 'a😀c', 'a\u2028c'], '10111'],
  ['(?s)a.c', ['a\x0ac'], '1'],
  ['^abc$', ['abc', 'abc\x0a', '\x0aabc'], '100'],
  ['(?m)^abc$', ['x\x0aabc\x0ay', 'abc\x0a', 'x\x0d\x0aabc\x0d\x0ay'], '110'],
  ['\\w+', ['héllo', '名前', '_', '-', '٣'], '11101'],
  ['^\\w+$', ['héllo', '名前', 'a-b', 'a\u200db'], '1101'],
  ['\\s', ['\xa0', '\u3000', '\ufeff', '\x85', '\u200b', 'x'], '110100'],
  ['^\\S+$', ['abc', 'a\xa0b'], '10'],
  ['\\bcat\\b', ['a cat sat', 'concatenate', 'cat', 'écat', '_cat'], '10100'],
  ['(?i)hello', ['HELLO', 'HeLLo', 'hellø'], '110'],
  ['(?i)k', ['k', 'K', '\u212a'], '111'],
  ['(?i)s', ['s', 'S', 'ſ'], '111'],
  ['(?i)σ', ['Σ', 'σ', 'ς'], '111'],
  ['(?i)straße', ['STRASSE', 'strasse', 'STRAẞE', 'Straße'], '0011'],
  ['(?i:prod)-[a-z]+', ['PROD-web', 'PROD-WEB'], '10'],
  ['(?i)prod-(?-i:[a-z]+)', ['PROD-web', 'PROD-WEB'], '10'],
  ['[a-z&&[^aeiou]]+', ['bcd', 'aei', 'xyz'], '101'],
  ['^[\\w&&\\p{Greek}]+$', ['αβγ', 'abc'], '10'],
  ['^[[:alpha:]]+$', ['abc', 'ABC', 'é'], '110'],
  ['^[[:^digit:]]+$', ['abc', 'a1'], '10'],
  ['^\\p{L}+$', ['héllo', '名前', 'abc1'], '110'],
  ['^\\p{Lu}', ['Abc', 'abc', 'Éa'], '101'],
  ['^\\p{Greek}+$', ['αβγ', 'abc'], '10'],
  ['^\\P{L}+$', ['123', 'a1'], '10'],
  ['^a{2,3}$', ['a', 'aa', 'aaa', 'aaaa'], '0110'],
  ['^a{2}$', ['aa', 'aaa'], '10'],
  ['^a{2,}$', ['a', 'aaaaa'], '01'],
  ['^a+?$', ['aaa'], '1'],
  ['^(?:ab)*$', ['', 'abab', 'aba'], '110'],
  ['^(foo|bar)baz$', ['foobaz', 'barbaz', 'bazbaz'], '110'],
  ['(?x) ^ prod - [a-z]+ $  # comment', ['prod-web', 'prod - web'], '10'],
  ['^/data/[^/]+\\.csv$', ['/data/q3.csv', '/data/x/y.csv', '/data/.csv'], '100'],
  ['^[a-z0-9]+(?:-[a-z0-9]+)*$', ['my-repo', 'my--repo', '-repo', 'repo-'], '1000'],
  ['^(\\w+\\.)*\\w+$', ['a.b.c', 'a..b'], '10'],
  ['(a+)+$', ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab'], '0'],
  ['\\x41\\u{1F600}\\U0001F600\\x{e9}', ['A😀😀é'], '1'],
  ['^\\p{Emoji}$', ['😀', 'a'], '10'],
  ['\\<word\\>', ['a word here', 'words'], '10'],
  ['\\b{start}x\\b{end}', ['x', 'yx', 'x y'], '101'],
  ['(?R)^a$', ['a', 'a\x0d'], '10'],
  ['(?mR)^a$', ['b\x0d\x0aa\x0d\x0ac', 'b\x0da\x0dc'], '11'],
  ['(?=abc)', ['abc'], 'E'],
  ['(?!abc)', ['abc'], 'E'],
  ['(?<=a)b', ['ab'], 'E'],
  ['(?<!a)b', ['cb'], 'E'],
  ['(a)\\1', ['aa'], 'E'],
  ['(?P<x>a)\\k<x>', ['aa'], 'E'],
  ['\\1', ['1'], 'E'],
  ['a{,5}', ['a'], 'E'],
  ['a{5,2}', ['a'], 'E'],
  ['[z-a]', ['a'], 'E'],
  ['[abc', ['a'], 'E'],
  ['(abc', ['abc'], 'E'],
  ['abc)', ['abc'], 'E'],
  ['*abc', ['abc'], 'E'],
  ['\\e', ['e'], 'E'],
  ['\\p{NotAProperty}', ['a'], 'E'],
  ['(?z)a', ['a'], 'E'],
  ['(?#comment)a', ['a'], 'E'],
  ['a++', ['aa'], '1'],
  ['\\Z', ['a'], 'E'],
  ['\\G', ['a'], 'E'],
  ['(?<name>a)(?<name>b)', ['ab'], 'E'],
  ['(?x) a b c', ['abc', 'a b c'], '10'],
  ['(?x)[ a b ]', ['a', ' ', 'b'], '101'],
  ['(?x)[a - z]', ['m', '-', ' '], '100'],
  ['(?x)a{ 2 , 3 }', ['aa', 'a'], '10'],
  ['a{ 2 , 3 }', ['aa', 'a'], '10'],
  ['a{2 }', ['aa'], '1'],
  ['(?x)a{2 ,}', ['aa'], '1'],
  ['(?x)\\x 4 1', ['A'], '1'],
  ['(?x)\\x{ 4 1 }', ['A'], '1'],
  ['(?x)\\p{ Gr eek }', ['α'], '1'],
  ['(?x)[a-#comment\x0az]', ['m'], '1'],
  ['(?x)[a #c\x0a - z]', ['m', '-'], '10'],
  ['(?x)[a - #c\x0a z]', ['m'], '1'],
  ['(?x)[a-  ]', ['-', 'a'], '11'],
  ['(?x)[a- ]', ['-', 'a'], '11'],
  ['(?x)[a #\x0a-]', ['-', 'a'], '11'],
  ['(?x)[a -#\x0a]]', ['-', 'a', ']'], '000'],
  ['(?x)[a -##\x0a]]', ['-', 'a', ']'], 'E'],
  ['(?x)[a -# #\x0a-]', ['-', 'a', '#'], 'E'],
  ['(?x)[\\ ]', [' '], '1'],
  ['(?x)\\ ', [' '], '1'],
  ['(?x)a#comment', ['a'], '1'],
  ['(?x)(?-x) a', [' a', 'a'], '10'],
  ['(?x:a b) c', ['ab c', 'abc'], '10'],
  ['(?x)(a (?-x) b) c', ['a bc', 'a b c'], '10'],
  ['a(?x) b|c d', ['ab', 'cd', 'c d'], '110'],
  ['(a(?x) b|c d) e', ['ab e', 'cd e', 'abe'], '110'],
  ['(?i)a|b', ['A', 'B'], '11'],
  ['a(?i)b|c', ['aB', 'C'], '11'],
  ['(a(?i)b|c)C', ['aBC', 'CC', 'cC', 'cc'], '1110'],
  ['(?i)(?-i:a)b', ['aB', 'AB'], '10'],
  ['(?i:a(?-i)b)c', ['Abc', 'AbC', 'ABc'], '100'],
  ['(?m)^$', ['', '\x0a', 'a\x0a'], '111'],
  ['(?mR)^$', ['\x0d\x0a', 'a\x0d\x0ab', '\x0d', '\x0a'], '1011'],
  ['(?mR)a$', ['a\x0d\x0a', 'a\x0db', 'a\x0ab'], '111'],
  ['(?mR)^a', ['\x0d\x0aa', '\x0da', '\x0aa'], '111'],
  ['(?R)a.b', ['a\x0db', 'a\x0ab', 'axb'], '001'],
  ['(?Rs)a.b', ['a\x0db', 'a\x0ab'], '11'],
  ['(?mR)$\x0a', ['\x0d\x0a', 'a\x0a'], '01'],
  ['(?mR)\x0d^', ['\x0d\x0a', '\x0da'], '01'],
  ['(?m)$\x0a^', ['\x0a', 'a\x0ab'], '11'],
  ['\\b', ['', 'a', ' ', 'é', '٣'], '01011'],
  ['\\B', ['', 'a', ' ', 'é', 'ab'], '10101'],
  ['^\\B$', ['', 'é'], '10'],
  ['\\<a', ['a', 'ba', ' a'], '101'],
  ['a\\>', ['a', 'ab', 'a '], '101'],
  ['\\b{start-half}a\\b{end-half}', ['a', 'ba', 'ab', '-a-'], '1001'],
  ['\\b{5}', ['a'], '1'],
  ['\\b{ start }', ['a'], 'E'],
  ['x\\b{', ['x'], 'E'],
  ['\\b{start', ['x'], 'E'],
  ['(?U)a+?', ['a'], '1'],
  ['a**', ['aa'], '1'],
  ['a+?+', ['aa'], '1'],
  ['a{2}{3}', ['aaaaaa', 'aaaaa'], '10'],
  ['(?i)[^k]', ['k', 'K', '\u212a', 'x'], '0001'],
  ['(?i)[^\\x{212a}]', ['k', 'K', 'x'], '001'],
  ['(?i)\\P{Lu}', ['a', 'A', '1'], '001'],
  ['(?i)\\p{Lu}', ['a', 'A', '1'], '110'],
  ['(?i)[[:upper:]]', ['a', '\u212a', 'ſ', '1'], '1110'],
  ['(?i)[[:^upper:]]', ['a', '\u212a', 'ſ', '1'], '0001'],
  ['(?i)\\W', ['a', 'K', '\u212a', '-'], '0001'],
  ['(?i)[\\W]', ['a', '\u212a', '-'], '001'],
  ['(?i)[a-z&&[^k]]', ['k', 'K', '\u212a', 'm'], '0001'],
  ['(?i)[a-z--k]', ['k', 'K', '\u212a', 'm'], '0001'],
  ['(?i)[a-z~~k-p]', ['k', 'K', '\u212a', 'm', 'a', 'q'], '000011'],
  ['[a-z~~k-p]', ['k', 'm', 'a', 'q'], '0011'],
  ['[a&&b]', ['a', 'b'], '00'],
  ['[&&a]', ['a'], '0'],
  ['[a&&]', ['a'], '0'],
  ['[a--]', ['a', '-'], '10'],
  ['[--a]', ['a', '-'], '11'],
  ['[a-]', ['a', '-'], '11'],
  ['[-]', ['-'], '1'],
  ['[^-]', ['-', 'a'], '01'],
  ['[]]', [']'], '1'],
  ['[^]]', [']', 'a'], '01'],
  ['[]-a]', [']', 'a', '^'], '110'],
  ['[a-\\]]', [']'], 'E'],
  ['[\\d-z]', ['a'], 'E'],
  ['[a-\\d]', ['a'], 'E'],
  ['[\\x41-\\x{5A}]', ['M'], '1'],
  ['[a~~~b]', ['a', '~'], '11'],
  ['[a&&&b]', ['a', '&'], '00'],
  ['[a---b]', ['a', '-'], '10'],
  ['[[:alpha:]-z]', ['a', '-'], '11'],
  ['[[:alpha:]]', ['a', '1'], '10'],
  ['[[:alpha:]', ['a'], 'E'],
  ['[:alpha:]', ['a', ':'], '11'],
  ['[[:alpha]]', ['a', ':', ']'], '110'],
  ['[[:loower:]]', ['l', ':'], '11'],
  ['[[:^alpha:]]', ['a', '1'], '01'],
  ['[[:alpha:][:digit:]]', ['a', '1', '-'], '110'],
  ['[a[b[c]]]', ['a', 'c', 'd'], '110'],
  ['[^[^a]]', ['a', 'b'], '10'],
  ['[\\p{L}&&\\p{Greek}]', ['α', 'a'], '10'],
  ['[\\pL--\\p{Greek}&&\\p{Uppercase}]', ['A', 'a', 'Α'], '100'],
  ['\\p{Greek}', ['α'], '1'],
  ['\\p{IsGreek}', ['α'], '1'],
  ['\\p{is greek}', ['α'], '1'],
  ['\\p{isc}', ['a'], 'E'],
  ['\\p{c}', ['\x00', 'a'], '10'],
  ['\\p{Other}', ['\x00'], '1'],
  ['\\p{sc}', ['$', 'a'], '10'],
  ['\\p{cf}', ['\xad'], '1'],
  ['\\p{lc}', ['a', 'ǅ'], '11'],
  ['\\p{L&}', ['a'], 'E'],
  ['\\p{gc=L}', ['a'], '1'],
  ['\\p{gc:L}', ['a'], '1'],
  ['\\p{gc!=L}', ['a', '1'], '01'],
  ['\\P{gc!=L}', ['a', '1'], '10'],
  ['\\p{General_Category=Letter}', ['a'], '1'],
  ['\\p{script=greek}', ['α'], '1'],
  ['\\p{scx=Grek}', ['α'], '1'],
  ['\\p{sc=Zyyy}', ['1'], '1'],
  ['\\p{Script}', ['a'], 'E'],
  ['\\p{gc}', ['a'], 'E'],
  ['\\p{Any}', ['a'], '1'],
  ['\\p{gc=Any}', ['a'], '1'],
  ['\\p{sc=Any}', ['a'], 'E'],
  ['\\p{Alphabetic=Y}', ['a'], 'E'],
  ['\\p{space}', [' '], '1'],
  ['\\p{wspace}', [' '], '1'],
  ['\\p{digit}', ['1'], '1'],
  ['\\p{punct}', ['!'], '1'],
  ['\\p{ISO_Comment}', ['a'], 'E'],
  ['\\p{Emoji}', ['😀'], '1'],
  ['\\p{Bidi_Class=L}', ['a'], 'E'],
  ['\\p{Block=Greek}', ['a'], 'E'],
  ['\\pZ', [' '], '1'],
  ['\\p{}', ['a'], 'E'],
  ['\\p{=}', ['a'], 'E'],
  ['\\p{gc=}', ['a'], 'E'],
  ['\\pé', ['a'], 'E'],
  ['\\p{Lé}', ['a'], '1'],
  ['\\p{Grééek}', ['α'], '1'],
  ['(?P<a>x)(?P<a>y)', ['xy'], 'E'],
  ['(?P<a>x)(?<a>y)', ['xy'], 'E'],
  ['(?P<1a>x)', ['x'], 'E'],
  ['(?P<a.b[c]>x)', ['x'], '1'],
  ['(?P<é>x)', ['x'], '1'],
  ['(?P<_>x)', ['x'], '1'],
  ['(?P<>x)', ['x'], 'E'],
  ['(?P<a', ['x'], 'E'],
  ['(?P<a>', ['x'], 'E'],
  ['(?i-i)a', ['a'], 'E'],
  ['(?-)a', ['a'], 'E'],
  ['(?i-)a', ['a'], 'E'],
  ['(?--i)a', ['a'], 'E'],
  ['(?)', ['a'], 'E'],
  ['(?:)', ['a'], '1'],
  ['()', ['a'], '1'],
  ['(|a)', ['b'], '1'],
  ['a|', ['b'], '1'],
  ['|', ['b'], '1'],
  ['(?i)', ['b'], '1'],
  ['((?i))B', ['b'], '0'],
  ['(?i)*', ['b'], 'E'],
  ['(?:(?i))*', ['b'], '1'],
  ['(?#x)', ['x'], 'E'],
  ['(?u)a', ['a'], '1'],
  ['(?u-u)a', ['a'], 'E'],
  ['\\Q', ['Q'], 'E'],
  ['\\%\\/\\!\\"\\\'\\,\\:\\;\\=\\@\\_\\`', ['%/!"\',:;=@_`'], '1'],
  ['\\<\\>', ['x'], '0'],
  ['\\é', ['é'], 'E'],
  ['\\x{00000000041}', ['A'], '1'],
  ['\\x{0000000000041}', ['A'], '1'],
  ['\\x{FFFFFFFFF}', ['A'], 'E'],
  ['\\u{10FFFF}', ['􏿿'], '1'],
  ['\\U0010FFFF', ['􏿿'], '1'],
  ['\\U00110000', ['A'], 'E'],
  ['\\uD800', ['A'], 'E'],
  ['\\x', ['x'], 'E'],
  ['\\', ['x'], 'E'],
  ['a\\', ['x'], 'E'],
  ['\\8', ['8'], 'E'],
  ['x{', ['x'], 'E'],
  ['x{1', ['x'], 'E'],
  ['x{1,', ['x'], 'E'],
  ['x{1,2', ['x'], 'E'],
  ['x{2,1}', ['x'], 'E'],
  ['x{0}', ['', 'x'], '11'],
  ['x{0,0}', ['x'], '1'],
  ['x{1}?', ['x'], '1'],
  ['x{1}??', ['x'], '1'],
  ['x{4294967295}', ['x'], 'E'],
  ['x{4294967296}', ['x'], 'E'],
  ['{', ['{'], 'E'],
  ['}', ['}'], '1'],
  [']', [']'], '1'],
  ['a{b}', ['a{b}'], 'E'],
  ['^*', ['a'], '1'],
  ['$+', ['a'], '1'],
  ['\\b*', ['a'], '1'],
  ['(?:^)*a', ['a'], '1'],
  ['(a*)*b', ['aab', 'c'], '10'],
  ['(a|b|)*c', ['abc'], '1'],
  ['[\\b]', ['\x08'], 'E'],
  ['[.]', ['.', 'a'], '10'],
  ['[\\A]', ['A'], 'E'],
  ['[\\<]', ['<'], 'E'],
  ['[\\&]', ['&'], '1'],
  ['[\\-a]', ['-'], '1'],
  ['[a\\-z]', ['-', 'm'], '10'],
  ['[\\p{L}-z]', ['a'], 'E'],
  ['[z-\\x{7A}]', ['z'], '1'],
  ['\\p{Lu}{2}', ['AB'], '1'],
  ['(?s:.)', ['\x0a'], '1'],
  ['(?s-s:.)', ['\x0a'], 'E'],
  ['[^a]', ['\x0a'], '1'],
  ['\\N', ['\x0a'], 'E'],
  ['é+', ['éé'], '1'],
  ['(?i)ǅ', ['Ǆ', 'ǆ', 'ǅ'], '111'],
  ['(?i)ß', ['ẞ', 'SS', 'ss'], '100'],
  ['(?i)İ', ['i', 'İ'], '01'],
  ['(?i)ı', ['I', 'i'], '00'],
  ['(?i)[ǅ-ǅ]', ['Ǆ'], '1'],
  ['(?i)ꭰ', ['Ꭰ'], '1'],
  ['(?i)\\x{1E9E}', ['ß'], '1'],
];
const RUST_ACCEPTS_WE_REFUSE = [
  '\\p{Hyphen}',
  '\\p{Other_Alphabetic}',
  '\\p{Age=3.0}',
  '\\p{wb=ALetter}',
  '(?-u)a',
];

describe('compileRustRegex against regex 1.13.1', () => {
  it.each(RUST_ORACLE)('%j', (pattern, inputs, expected) => {
    if (expected === 'E') {
      expect(errorCode(() => compileRustRegex(pattern))).toBe('invalid_constraint');
      return;
    }
    const re = compileRustRegex(pattern);
    expect(inputs.map((t) => (re.test(t) ? '1' : '0')).join('')).toBe(expected);
  });

  it.each(RUST_ACCEPTS_WE_REFUSE)('fails closed on %j, which it cannot reproduce exactly', (pattern) => {
    expect(errorCode(() => compileRustRegex(pattern))).toBe('invalid_constraint');
  });
});

describe('compileRustRegex semantics', () => {
  it('matches the fact sheet example anchored, and searches unanchored otherwise', () => {
    expect(matches('^prod-[a-z]+$', 'prod-web')).toBe(true);
    expect(matches('^prod-[a-z]+$', 'prod-web-1')).toBe(false);
    expect(matches('prod-[a-z]+', 'my prod-web-1 box')).toBe(true);
    expect(matches('', 'anything')).toBe(true);
  });

  it('treats \\d as \\p{Nd}, so Arabic-Indic digits are digits', () => {
    expect(matches('^\\d+$', '\u0661\u0662\u0663')).toBe(true);
    expect(matches('^[0-9]+$', '\u0661\u0662\u0663')).toBe(false);
  });

  it('keeps . off \\n only, and $ at the very end unless (?m)', () => {
    expect(matches('^a.b$', 'a\nb')).toBe(false);
    expect(matches('^a.b$', 'a\rb')).toBe(true);
    expect(matches('(?s)^a.b$', 'a\nb')).toBe(true);
    expect(matches('^abc$', 'abc\n')).toBe(false);
    expect(matches('(?m)^abc$', 'x\nabc\ny')).toBe(true);
  });

  it('folds case with Unicode simple case folding, per scope', () => {
    expect(matches('(?i)^k$', '\u212a')).toBe(true); // KELVIN SIGN
    expect(matches('(?i)^s$', '\u017f')).toBe(true); // LATIN SMALL LETTER LONG S
    expect(matches('(?i)^straße$', 'STRASSE')).toBe(false); // full folding is not simple folding
    expect(matches('^(?i:prod)-[a-z]+$', 'PROD-web')).toBe(true);
    expect(matches('^(?i:prod)-[a-z]+$', 'PROD-WEB')).toBe(false);
    expect(matches('(?i)[^k]', '\u212a')).toBe(false); // fold, then negate
  });

  it('supports nested classes, set operations, ASCII and Unicode classes', () => {
    expect(matches('^[a-z&&[^aeiou]]+$', 'rhythm')).toBe(true);
    expect(matches('^[a-z&&[^aeiou]]+$', 'vowel')).toBe(false);
    expect(matches('^[a-z~~m-z]+$', 'abc')).toBe(true);
    expect(matches('^[[:alpha:][:digit:]]+$', 'abc123')).toBe(true);
    expect(matches('^\\p{Greek}+$', 'λόγος')).toBe(true);
    expect(matches('^\\w+$', 'naïve_名前')).toBe(true);
    expect(matches('\\bcat\\b', 'écat')).toBe(false); // \b is Unicode-aware
  });

  it('rejects look-around and backreferences, as Rust does', () => {
    for (const p of ['(?=a)', '(?!a)', '(?<=a)b', '(?<!a)b', '(a)\\1', '\\1', '(?P<x>a)\\k<x>']) {
      expect(errorCode(() => compileRustRegex(p))).toBe('invalid_constraint');
    }
  });

  it('never puts the pattern or the input in an error message', () => {
    const secret = 'sk_live_0123456789';
    for (const p of [`${secret}(?=x)`, `${secret}{2,1}`, `(?-u)${secret}`, `${secret}{1001}`]) {
      try {
        compileRustRegex(p);
      } catch (e) {
        expect((e as Error).message).not.toContain(secret);
      }
    }
    const re = compileRustRegex('^a+$');
    try {
      re.test(`${secret}\ud800`);
    } catch (e) {
      expect((e as Error).message).not.toContain(secret);
    }
  });
});

describe('compileRustRegex limits', () => {
  it('caps pattern length and repetition counts', () => {
    expect(errorCode(() => compileRustRegex('a'.repeat(RUST_REGEX_MAX_PATTERN_BYTES + 1)))).toBe(
      'invalid_constraint',
    );
    expect(
      compileRustRegex(`x${'a'.repeat(RUST_REGEX_MAX_PATTERN_BYTES - 1)}`).test(`x${'a'.repeat(5000)}`),
    ).toBe(true);
    expect(errorCode(() => compileRustRegex('a{1001}'))).toBe('invalid_constraint');
    expect(compileRustRegex('^a{1000}$').test('a'.repeat(1000))).toBe(true);
  });

  it('refuses what exceeds Rust’s compiled size limit (\\w{1000} fails there too)', () => {
    expect(errorCode(() => compileRustRegex('\\w{1000}'))).toBe('invalid_constraint');
    expect(compileRustRegex('^\\w{1,64}$').test('a'.repeat(64))).toBe(true);
  });

  it('rejects over-long and ill-formed input at match time', () => {
    const re = compileRustRegex('a');
    expect(errorCode(() => re.test('a'.repeat(RUST_REGEX_MAX_INPUT_BYTES + 1)))).toBe('constraint_error');
    expect(errorCode(() => re.test('é'.repeat(RUST_REGEX_MAX_INPUT_BYTES / 2 + 1)))).toBe('constraint_error');
    expect(re.test('a'.repeat(RUST_REGEX_MAX_INPUT_BYTES))).toBe(true);
    expect(errorCode(() => re.test('a\ud800'))).toBe('constraint_error');
  });

  it('stays linear where a backtracking engine explodes', () => {
    const a = 'a'.repeat(RUST_REGEX_MAX_INPUT_BYTES);
    const start = performance.now();
    expect(matches('[^\\n]*[^\\n]*x', a)).toBe(false);
    expect(matches('(a+)+$', `${a.slice(1)}b`)).toBe(false);
    expect(matches('(a|aa)+$', `${a.slice(1)}b`)).toBe(false);
    expect(matches('.*.*.*.*.*x', a)).toBe(false);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('bounds the work of one call and fails closed past it', () => {
    let seed = 7;
    const ab = Array.from({ length: RUST_REGEX_MAX_INPUT_BYTES }, () => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed & 0x10000 ? 'a' : 'b';
    }).join('');
    expect(errorCode(() => matches('[ab]*a[ab]{1000}c', ab))).toBe('constraint_error');
  });

  it('refuses input characters whose Unicode data differs from Rust’s tables', () => {
    // U+088F is unassigned in Unicode 16 (Rust’s tables) and assigned from Unicode 17.
    const newer = String.fromCodePoint(0x088f);
    if (!/\p{Cn}/u.test(newer)) {
      expect(errorCode(() => matches('\\w', newer))).toBe('constraint_error');
    }
    expect(matches('.', newer)).toBe(true); // no Unicode data involved
    // U+0295 moved from Ll to Lo in Unicode 17: property classes refuse it; \w is unchanged and answers.
    expect(errorCode(() => matches('\\p{Ll}', '\u0295'))).toBe('constraint_error');
    expect(matches('^\\w$', '\u0295')).toBe(true);
  });
});
