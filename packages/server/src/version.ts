/** The server's version, reported by `GET /version` and the OpenAPI document. */
export const SERVER_VERSION = '0.1.0';
/** The HTTP API Warden speaks (its own routes are additions to it). */
export const API_COMPAT = 'sirr-v1';
