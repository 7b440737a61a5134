// The internal credential: a per-deployment secret every service read API requires and the gateway presents.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Context, Next } from 'koa';
import { INTERNAL_TOKEN_PATTERN, type PlatformConfig } from './config';
import { HttpError } from './http-error';

/** Paths of a service's HTTP server that answer without the credential: the probes. */
export const OPEN_PATHS: readonly string[] = ['/health', '/ready', '/metrics'];

/** The `WWW-Authenticate` challenge of a refused credential: callers tell it from a route's own 401 (a wrong password). */
export const INTERNAL_CHALLENGE = 'Bearer realm="internal"';

/** Where the generated credential of the deployment that keeps its state in `dataDir` lives. */
export const internalTokenFile = (dataDir: string): string => path.join(dataDir, 'secrets', 'internal-api-token');

/** Reads the token file; throws naming the file when it holds no valid token. */
function readTokenFile(file: string): string {
  const token = readFileSync(file, 'utf8').trim();
  if (!INTERNAL_TOKEN_PATTERN.test(token))
    throw new Error(`${file} holds no valid internal API token; delete it to have a new one generated.`);
  return token;
}

/**
 * The token file's token, generated when the file is missing: written in full to a temporary file (flag `wx`, mode
 * 0600), then linked into place, which fails with EEXIST when another process got there first; that one's token is read.
 * So processes starting at once agree, and none ever reads a half-written file.
 */
function readOrCreateTokenFile(file: string): string {
  try {
    return readTokenFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  const draft = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(draft, `${token}\n`, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(draft, file);
    return token;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readTokenFile(file);
  } finally {
    rmSync(draft, { force: true });
  }
}

/** The deployment's internal credential: `INTERNAL_API_TOKEN` when set, else `<DATA_DIR>/secrets/internal-api-token` (generated on first use). */
export function internalApiToken(config: Pick<PlatformConfig, 'DATA_DIR' | 'INTERNAL_API_TOKEN'>): string {
  return config.INTERNAL_API_TOKEN ?? readOrCreateTokenFile(internalTokenFile(config.DATA_DIR));
}

/** The header that presents `token` to a service. */
export const internalAuthHeader = (token: string): { authorization: string } => ({ authorization: `Bearer ${token}` });

const digest = (text: string) => createHash('sha256').update(text).digest();

/** True when `presented` is `expected`, compared in constant time (both are hashed first, so their lengths leak nothing either). */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  return presented !== undefined && timingSafeEqual(digest(expected), digest(presented));
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), else undefined. */
const presentedToken = (header: string | undefined): string | undefined => /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1];

/** Koa middleware: every request but those to `open` paths needs `Authorization: Bearer <token>`, else 401 UNAUTHORIZED. */
export function requireInternalToken(token: string, open: readonly string[] = OPEN_PATHS) {
  return async function internalAuth(ctx: Context, next: Next): Promise<void> {
    if (!open.includes(ctx.path) && !tokenMatches(token, presentedToken(ctx.get('authorization')))) {
      const message = "This internal API needs the deployment's internal credential (Authorization: Bearer).";
      throw new HttpError(401, 'UNAUTHORIZED', message, undefined, { 'WWW-Authenticate': INTERNAL_CHALLENGE });
    }
    await next();
  };
}
