// Unicode version drift: where Rust's Unicode 16 tables and this engine's Unicode data may disagree.
import { ClassPred } from './class-pred.js';

/**
 * Rust's Unicode 16 gc=Cn ranges as base-36 `gap.extra` runs: each starts
 * `gap` + 1 after the previous one ends and spans `extra` + 1 code points.
 */
const RUST_UNASSIGNED =
  'oo.1 6.3 7.0 1.0 k.0 b1.0 12.1 1e.1 3.0 1j.7 r.3 6.a 7i.0 1o.1 2t.d 1n.1 1d.1 f.0 s.1 1.0 b.4 v.0 2.' +
  '4 6l.0 8.1 2.1 m.0 7.0 1.2 4.1 9.1 2.1 4.7 1.3 2.0 5.1 p.1 3.0 6.3 2.1 m.0 7.0 2.0 2.0 2.1 1.0 5.3 2' +
  '.1 3.2 1.6 4.0 1.6 h.9 3.0 9.0 3.0 m.0 7.0 2.0 5.1 a.0 3.0 3.1 1.e 4.1 c.6 7.0 3.0 8.1 2.1 m.0 7.0 2' +
  '.0 5.1 9.1 2.1 3.6 3.3 2.0 5.1 i.9 2.0 6.2 3.0 4.2 2.0 1.0 2.2 2.2 3.2 c.3 5.2 3.0 4.1 1.5 1.d l.4 d' +
  '.0 3.0 n.0 g.1 9.0 3.0 4.6 2.0 3.1 1.1 4.1 a.6 m.0 3.0 n.0 a.0 5.1 9.0 3.0 4.6 2.5 2.0 4.1 a.0 3.b d' +
  '.0 3.0 1f.0 3.0 6.3 g.1 q.0 3.0 i.2 o.0 9.0 1.1 7.2 1.3 6.0 1.0 8.5 a.1 3.b 1m.3 t.10 2.0 1.0 5.0 o.' +
  '0 1.0 n.1 5.0 1.0 7.0 a.1 4.v 20.0 10.3 13.0 10.0 f.0 d.10 5i.0 1.4 1.1 ah.0 4.1 7.0 1.0 4.1 15.0 4.' +
  '1 x.0 4.1 7.0 1.0 4.1 f.0 1l.0 4.1 1v.1 w.2 q.5 2e.1 6.1 il.2 2h.6 m.8 o.8 k.b d.0 3.0 2.b 2m.1 a.5 ' +
  'a.5 q.5 2h.6 17.4 1y.9 v.0 c.3 c.3 1.2 16.1 5.a 18.3 q.5 b.2 1q.1 1t.0 t.1 b.5 a.5 e.1 v.1c 25.0 4m.' +
  '7 1o.2 f.2 1q.4 17.1 b.7 17.4 eu.1 6.1 12.1 6.1 8.0 1.0 1.0 1.0 v.1 1h.0 f.0 e.1 6.0 j.1 3.0 9.0 2t.' +
  '0 c.1 r.0 d.2 x.e x.e 3w.3 ii.l b.k 1ec.1 w.0 9p.4 19.0 1.4 1.1 1k.6 2.d o.8 7.0 7.0 7.0 7.0 7.0 7.0' +
  ' 7.0 7.0 3i.x q.0 2h.b 5y.p 28.0 2e.1 2v.4 17.0 2m.0 2e.8 1c.0 mlp.2 1j.8 9o.j 54.7 5q.1 2.0 1.0 8.k' +
  ' 1n.2 a.5 1k.7 1y.7 c.5 38.a u.2 26.0 b.3 x.0 1j.8 e.1 a.1 2v.n s.9 6.1 6.1 6.8 7.0 7.0 1o.3 3i.1 a.' +
  '5 8mc.b n.3 1d.3 6su.1 2y.11 7.b 5.4 q.0 5.0 1.0 2.0 2.0 3h.f cd.1 1i.6 1.v 16.5 1f.0 j.0 4.3 5.0 3r' +
  '.1 1.0 5a.2 6.1 6.1 6.1 3.2 7.0 7.9 5.1 c.0 q.0 j.0 2.0 f.1 e.x 3f.4 3.3 19.2 2g.0 d.2 1.1a 1a.3l t.' +
  '2 1d.e s.3 10.8 u.4 17.4 u.0 11.3 e.15 4e.1 a.5 10.3 10.3 14.7 1g.a c.0 f.0 7.0 2.0 b.0 f.0 7.0 2.2 ' +
  '1g.b 8n.8 m.9 8.n 6.0 16.0 9.1w 6.1 1.0 18.0 2.2 1.1 n.0 20.7 9.1b j.0 2.4 x.2 r.4 1.1r 1k.3 k.1 1e.' +
  '0 2.4 8.0 3.0 t.1 3.3 a.6 9.6 1s.v 13.3 c.8 1i.2 t.1 r.4 q.6 4.b 7.27 21.1i 1f.c 1f.6 1a.7 a.5 12.2 ' +
  't.7 2.5r v.0 16.0 3.1 2.f 3.1i 18.7 16.l q.11 s.j n.8 26.3 10.8 1w.9 1.1 p.6 a.5 1h.0 i.7 13.8 2o.0 ' +
  'k.a i.0 1b.1p 7.0 1.0 4.0 f.0 b.5 1n.4 a.5 4.0 8.1 2.1 m.0 7.0 2.0 5.0 a.1 2.1 3.1 1.5 1.4 7.1 7.2 5' +
  '.a a.0 1.1 1.0 12.0 a.0 1.1 1.0 4.0 a.0 2.7 2.s 2k.0 5.t 20.7 a.4l 1i.1 12.x 1x.a a.5 d.i 1m.5 a.5 k' +
  '.r r.1 f.3 n.54 1o.2r 2b.b 8.1 1.1 8.0 2.0 u.0 2.1 c.8 a.1x 8.1 1a.1 b.q 20.7 2b.c 21.6 a.51 y.d a.5' +
  ' 9.0 19.0 e.9 t.2 w.1 m.0 e.20 7.0 2.0 18.2 1.0 2.0 9.7 a.5 6.0 2.0 11.0 2.0 6.6 a.8l p.6 h.0 15.2 t' +
  '.2c 1.e 1e.c pn.2t 33.0 5.a 5g.217 2r.c uu.9 32z.4 g7.5a0 1m.1c5 ft.6 v.0 a.3 29.0 a.5 u.1 6.9 1y.9 ' +
  'a.0 7.0 l.4 j.bz 1m.5h 2j.2s 23.3 1l.6 h.1r 5.a 2.d 4qg.7 ye.14 a.6w6 4.0 7.0 2.0 83.e 1.s 3.1 1.d 4' +
  '.7 b0.1s3 2z.4 d.2 9.6 a.1 8.317 6y.5 c4.23 1a.1 n.8 38.1n 6u.9 13.1 5e.k 1y.3d k.b k.b 2f.8 p.3q 2d' +
  '.0 1z.0 2.1 1.1 2.1 4.0 c.0 1.0 7.0 1t.0 4.1 8.0 7.0 s.0 4.0 5.0 1.2 7.0 9g.1 84.1 ji.e 5.0 f.un v.5' +
  ' 6.5w 7.0 h.1 7.0 2.0 5.4 1q.w 1.33 19.2 e.1 a.3 2.8v v.g 1m.4 1.cv 16.5x 17.3 1.db 7.0 4.0 2.0 f.0 ' +
  '5h.1 g.14 24.3 a.3 2.ls 1w.23 1p.5d 4.0 r.0 2.0 1.1 1.0 a.0 4.0 1.0 1.5 1.3 1.0 1.0 1.0 3.0 2.0 1.1 ' +
  '1.0 1.0 1.0 1.0 1.0 2.0 1.1 4.0 7.0 4.0 4.0 1.0 a.0 h.4 3.0 5.0 h.1f 2.7h 18.3 2s.b f.1 f.0 f.0 11.9' +
  ' 4u.1j t.c 18.3 9.6 2.d 6.49 rc.3 h.2 d.2 3b.3 2n.5 c.3 1.e c.3 1k.7 a.5 14.7 u.1 c.3 2.1p 9g.b e.1 ' +
  'd.2 a.4 1k.6 f.1 b.5 9.6 43.0 2u.sl wyo.v 37e.5 66.1 4g2.d 5rl.e ha.1wh f2.15t 3t7.4 38g.f974 1.t 2o' +
  '.3j 6o.1e6n 1eke.1 1eke.1';

let rustUnassigned: Int32Array | undefined;
/** Whether Rust's Unicode 16 tables leave `c` unassigned (gc=Cn). */
function unassignedInRust(c: number): boolean {
  if (rustUnassigned === undefined) {
    const pairs: number[] = [];
    let prev = -1;
    for (const run of RUST_UNASSIGNED.split(' ')) {
      const [gap = '', len = ''] = run.split('.');
      const start = prev + 1 + Number.parseInt(gap, 36);
      prev = start + Number.parseInt(len, 36);
      pairs.push(start, prev);
    }
    rustUnassigned = Int32Array.from(pairs);
  }
  const r = rustUnassigned;
  let lo = 0;
  let hi = r.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (c < (r[2 * mid] as number)) hi = mid - 1;
    else if (c > (r[2 * mid + 1] as number)) lo = mid + 1;
    else return true;
  }
  return false;
}
const engineUnassigned = new ClassPred('\\p{Cn}', false);

/**
 * Assigned code points whose General_Category, Script_Extensions or case
 * properties differ between Rust's Unicode 16 tables and Unicode 17 engines
 * (Node 20.20 and later); Extended_Pictographic and Diacritic, which drifted
 * widely, are refused outright instead. Perl classes and case folding agree.
 */
const DRIFTED_CODE_POINTS = new Set([
  0x295, 0x306, 0x308, 0x320, 0x323, 0x331, 0x951, 0x952, 0x1cd5, 0x1cd6, 0x1cd7, 0x1cd8, 0x1ce2, 0x1ce9,
  0x1cea, 0x1ceb, 0x1ced, 0xa7d3, 0xa7d5,
]);

/** Whether `c` may be classified differently here than by Rust's tables. */
export function unicodeDiffers(c: number, properties: boolean): boolean {
  if (properties && DRIFTED_CODE_POINTS.has(c)) return true;
  return c >= 0x378 && unassignedInRust(c) !== engineUnassigned.test(c);
}
