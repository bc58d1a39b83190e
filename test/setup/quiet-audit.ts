// The library's default audit sink writes JSON lines to stdout; tests that check
// auditing install a memory sink, everything else runs without the noise.
import { setAuditSink } from '@warden/warrant';

setAuditSink(null);
