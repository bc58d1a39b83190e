import { isWardenError } from '@warden/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type ApiErrorCode, apiError } from '../errors.js';
import { setSecurityHeaders } from './security-headers.js';

/** The error code of a body field that failed its schema; other fields get `invalid_body`. */
const FIELD_CODES: Readonly<Record<string, ApiErrorCode>> = {
  key: 'invalid_key',
  value: 'invalid_value',
  max_reads: 'invalid_max_reads',
  ttl_seconds: 'invalid_ttl',
  webhook_url: 'invalid_webhook_url',
  allowed_keys: 'invalid_allowed_keys',
  name: 'invalid_name',
  metadata: 'invalid_metadata',
  permissions: 'invalid_permissions',
  role: 'invalid_role',
  url: 'invalid_webhook_url',
  valid_for_seconds: 'invalid_validity',
  valid_before: 'invalid_validity',
};

interface SchemaIssue {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: { requiredProperties?: string[] };
}

/**
 * A schema failure as Sirr's statuses have it: a body of the wrong shape is
 * 422 (serde's refusal), a bad query value 400. The message names the field
 * and the rule, never the value that broke it.
 */
function validationError(err: FastifyError): ApiError {
  const issue = (err.validation?.[0] ?? {}) as SchemaIssue;
  const field =
    issue.keyword === 'required'
      ? issue.params?.requiredProperties?.[0]
      : issue.instancePath?.split('/').filter(Boolean)[0];
  const where = field === undefined ? 'request body' : field;
  if (err.validationContext === 'querystring') {
    return apiError(400, 'invalid_query', `query parameter ${where}: ${issue.message ?? 'invalid'}`);
  }
  if (err.validationContext === 'params') return apiError(400, 'invalid_path', 'invalid path parameter');
  if (field === undefined && issue.keyword === 'type') {
    return apiError(422, 'invalid_body', 'request body must be a JSON object');
  }
  return apiError(
    422,
    (field && FIELD_CODES[field]) || 'invalid_body',
    `${where} ${issue.message ?? 'is invalid'}`,
  );
}

/** Fastify's own request errors, by code, with fixed messages (its texts can quote the body). */
const FASTIFY_ERRORS: Readonly<Record<string, () => ApiError>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => apiError(400, 'invalid_json', 'request body is not valid JSON'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => apiError(400, 'invalid_json', 'request body is not valid JSON'),
  FST_ERR_CTP_BODY_TOO_LARGE: () => apiError(413, 'body_too_large', 'request body too large'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    apiError(415, 'unsupported_media_type', 'Content-Type must be application/json'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    apiError(400, 'invalid_body', 'Content-Length does not match the body'),
  FST_ERR_BAD_URL: () => apiError(400, 'invalid_path', 'malformed percent-encoding in the path'),
};

/** Turns anything thrown into the `{ error, code }` response it deserves. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as FastifyError;
  if (e?.validation) return validationError(e);
  const known = typeof e?.code === 'string' ? FASTIFY_ERRORS[e.code] : undefined;
  if (known) return known();
  // JSON.parse's SyntaxError quotes the body: never echo it.
  if (err instanceof SyntaxError) return apiError(400, 'invalid_json', 'request body is not valid JSON');
  // Store and seal errors carry fixed, value-free messages by contract (WardenError).
  if (isWardenError(err)) return new ApiError(err.status, err.code as ApiErrorCode, err.message);
  if (e?.statusCode === 503) return apiError(503, 'unavailable', 'server is shutting down');
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return apiError(e.statusCode, 'invalid_body', 'bad request');
  }
  return apiError(500, 'internal_error', 'internal error');
}

/** Sends an error response with the security headers. */
export function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  setSecurityHeaders(reply);
  if (error.headers) reply.headers(error.headers);
  return reply.status(error.status).type('application/json; charset=utf-8').send(error.toJSON());
}

/**
 * Installs the error and not-found handlers. A 5xx is logged with the
 * error's code and stack (never a request body); 4xx are the caller's
 * business and only show in the request log.
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const api = toApiError(err);
    if (api.status >= 500) {
      const e = err as Error & { code?: unknown };
      request.log.error({ code: api.code, errCode: e?.code, stack: e?.stack }, 'request failed');
    }
    return sendError(reply, api);
  });
  app.setNotFoundHandler((_request, reply) =>
    sendError(reply, apiError(404, 'route_not_found', 'not found')),
  );
}
