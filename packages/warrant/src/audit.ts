/**
 * Structured audit events for SIEMs: one flat JSON object per event, never a
 * warrant's bytes, a key's secret or an argument value.
 */
export interface AuditEvent {
  /** What happened. */
  event: 'warrant.issued' | 'warrant.attenuated' | 'authorization.success' | 'authorization.failure';
  /** ISO 8601 time the event was emitted. */
  timestamp: string;
  /** `tnu_wrt_...` of the warrant concerned (the leaf for authorizations). */
  warrantId?: string;
  /** Tool called (authorizations) or granted (issuance). */
  tool?: string;
  tools?: string[];
  /** Hex public keys. */
  holder?: string;
  issuer?: string;
  depth?: number;
  chainLength?: number;
  expiresAt?: number;
  /** Stable error code of a failure. */
  code?: string;
  /** Fixed message of a failure. */
  reason?: string;
}

/** Where audit events go. Must not throw; a sink that throws is ignored. */
export type AuditSink = (event: AuditEvent) => void;

/** Writes each event as a JSON line to stdout. */
export const stdoutAuditSink: AuditSink = (event) => {
  process.stdout.write(`${JSON.stringify(event)}\n`);
};

/** Writes each event as a JSON line to stderr (for programs whose stdout is a protocol, like MCP over stdio). */
export const stderrAuditSink: AuditSink = (event) => {
  process.stderr.write(`${JSON.stringify(event)}\n`);
};

let currentSink: AuditSink | null = stdoutAuditSink;

/**
 * Sets the process-wide audit sink (stdout JSON lines by default); `null`
 * turns auditing off. Returns the previous sink.
 */
export function setAuditSink(sink: AuditSink | null): AuditSink | null {
  const previous = currentSink;
  currentSink = sink;
  return previous;
}

/** Whether events would go anywhere (lets hot paths skip building them). */
export function auditEnabled(sink: AuditSink | null | undefined = undefined): boolean {
  return (sink === undefined ? currentSink : sink) !== null;
}

/** An in-memory sink, for tests and for batching. */
export function memoryAuditSink(): { sink: AuditSink; events: AuditEvent[] } {
  const events: AuditEvent[] = [];
  return { sink: (e) => events.push(e), events };
}

/** Emits an event to the current sink (or `sink` when given); never throws. */
export function emitAudit(event: Omit<AuditEvent, 'timestamp'>, sink: AuditSink | null = currentSink): void {
  if (sink === null) return;
  try {
    sink({ timestamp: new Date().toISOString(), ...event });
  } catch {
    // Auditing must never change an authorization's outcome.
  }
}
