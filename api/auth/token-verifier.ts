import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ACCESS_TOKEN } from '../../contracts';
import { internalAuthHeader } from '../../lib/internal-auth';
import { HttpError } from '../http-error';

/** Who a verified access token names. */
export interface TokenIdentity {
  customerId: string;
  email?: string;
}

/** Checks access tokens of the users service. */
export interface TokenVerifier {
  /** Verifies `token`; throws HttpError 401 (TOKEN_EXPIRED, INVALID_TOKEN) or 503 (SERVICE_UNAVAILABLE). */
  verify(token: string): Promise<TokenIdentity>;
}

/** How long fetched keys are used before the JWKS is fetched again. */
export const JWKS_CACHE_MAX_AGE_MS = 10 * 60_000;
/** Least time between two JWKS fetches prompted by an unknown `kid`. */
export const JWKS_COOLDOWN_MS = 30_000;
/** Clock skew allowed on `exp`/`iat` between the users service and the gateway, in seconds. */
const CLOCK_TOLERANCE_S = 5;

const CHALLENGE = { 'WWW-Authenticate': 'Bearer error="invalid_token"' };
/** Key-set errors that mean "this token names no key we publish", not "the key set is unreachable". */
const TOKEN_KEY_ERRORS = new Set(['ERR_JWKS_NO_MATCHING_KEY', 'ERR_JWKS_MULTIPLE_MATCHING_KEYS']);

/** Marks a failure to obtain the key set (users service down, timeout, broken answer). */
class KeysUnavailable extends Error {}

const invalid = () => new HttpError(401, 'INVALID_TOKEN', 'The access token is not valid.', undefined, CHALLENGE);

/** Told when the key set cannot be had (down, with the reason) and when it can again (back): the gateway logs each change once. */
export interface KeySetOutage {
  down(reason: string): void;
  back(): void;
}

/**
 * Builds a verifier of the users service's access tokens against its JWKS at `jwksUrl` (keys cached, fetched with
 * `timeoutMs`, presenting `internalToken` when given).
 */
export function createTokenVerifier({
  jwksUrl,
  timeoutMs = 1_500,
  internalToken,
  outage,
}: {
  jwksUrl: string | URL;
  timeoutMs?: number;
  internalToken?: string;
  outage?: KeySetOutage;
}): TokenVerifier {
  const remote = createRemoteJWKSet(new URL(jwksUrl), {
    ...(internalToken === undefined ? {} : { headers: internalAuthHeader(internalToken) }),
    timeoutDuration: timeoutMs,
    cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
    cooldownDuration: JWKS_COOLDOWN_MS,
  });
  const keyFor: JWTVerifyGetKey = async (header, token) => {
    try {
      const key = await remote(header, token);
      outage?.back();
      return key;
    } catch (err) {
      if (TOKEN_KEY_ERRORS.has((err as { code?: string }).code ?? '')) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      outage?.down(reason);
      throw new KeysUnavailable(reason);
    }
  };

  async function verify(token: string): Promise<TokenIdentity> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keyFor, {
        algorithms: [ACCESS_TOKEN.algorithm],
        issuer: ACCESS_TOKEN.issuer,
        audience: ACCESS_TOKEN.audience,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: CLOCK_TOLERANCE_S,
      }));
    } catch (err) {
      if (err instanceof KeysUnavailable) {
        throw new HttpError(503, 'SERVICE_UNAVAILABLE', 'The users service is unavailable; try again.', {
          reason: err.message,
        });
      }
      if ((err as { code?: string }).code === 'ERR_JWT_EXPIRED') {
        throw new HttpError(401, 'TOKEN_EXPIRED', 'The access token has expired.', undefined, CHALLENGE);
      }
      throw invalid();
    }
    if (typeof payload.sub !== 'string' || payload.sub === '') throw invalid();
    return { customerId: payload.sub, ...(typeof payload.email === 'string' ? { email: payload.email } : {}) };
  }
  return { verify };
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive); anything else is `undefined`. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header?.trim() ?? '');
  return match?.[1];
}
