import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import { closeServer, listenLocal } from '../test/support/local-server';
import { PROJECT_ROOT } from './config';
import {
  INTERNAL_CHALLENGE,
  internalApiToken,
  internalAuthHeader,
  internalTokenFile,
  requireInternalToken,
  tokenMatches,
} from './internal-auth';
import { serviceErrors } from './service-api';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'internal-auth-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs `internalApiToken` on `dir` in a separate Node process at the wall-clock time `at` (ms); resolves with the token it printed. */
function tokenInChild(dir: string, at: number): Promise<string> {
  const script = [
    "const { internalApiToken } = require('./lib/internal-auth.ts');",
    'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, Number(process.argv[2]) - Date.now()));',
    'process.stdout.write(internalApiToken({ DATA_DIR: process.argv[1] }));',
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, dir, String(at)], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited with ${code}`))));
  });
}

describe('internalApiToken', () => {
  it('is INTERNAL_API_TOKEN when set, and then writes no file', () => {
    expect(internalApiToken({ DATA_DIR: dataDir, INTERNAL_API_TOKEN: 'a-token-of-the-deployment' })).toBe(
      'a-token-of-the-deployment',
    );
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('generates a random token into <DATA_DIR>/secrets/internal-api-token (mode 0600, folder 0700) and reads it back later', () => {
    const token = internalApiToken({ DATA_DIR: dataDir });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const file = internalTokenFile(dataDir);
    expect(file).toBe(path.join(dataDir, 'secrets', 'internal-api-token'));
    expect(readFileSync(file, 'utf8').trim()).toBe(token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readdirSync(path.dirname(file))).toEqual(['internal-api-token']); // no draft left behind
    expect(internalApiToken({ DATA_DIR: dataDir })).toBe(token);
    expect(internalApiToken({ DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'internal-auth-other-')) })).not.toBe(token);
  });

  it('uses a token file that is already there (a trailing newline is fine)', () => {
    mkdirSync(path.join(dataDir, 'secrets'));
    writeFileSync(internalTokenFile(dataDir), 'written-by-an-operator-0123\n', { mode: 0o600 });
    expect(internalApiToken({ DATA_DIR: dataDir })).toBe('written-by-an-operator-0123');
  });

  it('refuses a token file that holds no valid token, naming the file', () => {
    mkdirSync(path.join(dataDir, 'secrets'));
    writeFileSync(internalTokenFile(dataDir), 'short\n');
    expect(() => internalApiToken({ DATA_DIR: dataDir })).toThrow(
      `${internalTokenFile(dataDir)} holds no valid internal API token`,
    );
  });

  it('gives the same token to processes that start at once on an empty data folder', async () => {
    const at = Date.now() + 8_000; // every child has loaded the module by then, and all of them ask in the same millisecond
    const tokens = await Promise.all(Array.from({ length: 6 }, () => tokenInChild(dataDir, at)));
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toBe(readFileSync(internalTokenFile(dataDir), 'utf8').trim());
    expect(readdirSync(path.join(dataDir, 'secrets'))).toEqual(['internal-api-token']);
  }, 60_000);
});

describe('tokenMatches', () => {
  it('is true only for the very token', () => {
    expect(tokenMatches('s3cret-token-value', 's3cret-token-value')).toBe(true);
    expect(tokenMatches('s3cret-token-value', 's3cret-token-valuE')).toBe(false);
    expect(tokenMatches('s3cret-token-value', 's3cret-token-value-and-more')).toBe(false);
    expect(tokenMatches('s3cret-token-value', '')).toBe(false);
    expect(tokenMatches('s3cret-token-value', undefined)).toBe(false);
  });
});

describe('requireInternalToken', () => {
  const TOKEN = 'the-internal-token-0123456789';
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    const app = new Koa()
      .use(serviceErrors)
      .use(requireInternalToken(TOKEN))
      .use((ctx) => {
        ctx.body = { reached: ctx.path };
      });
    server = http.createServer(app.callback());
    base = await listenLocal(server);
  });
  afterAll(() => closeServer(server));

  const get = async (pathname: string, headers: Record<string, string> = {}) => {
    const res = await fetch(base + pathname, { headers });
    return { status: res.status, challenge: res.headers.get('www-authenticate'), body: (await res.json()) as unknown };
  };
  const REFUSED = {
    status: 401,
    challenge: INTERNAL_CHALLENGE,
    body: { error: { code: 'UNAUTHORIZED', message: expect.stringContaining('internal credential') } },
  };

  it('lets a request with the bearer token through (scheme in any case)', async () => {
    expect(await get('/orders', internalAuthHeader(TOKEN))).toMatchObject({
      status: 200,
      body: { reached: '/orders' },
    });
    expect(await get('/orders', { authorization: `bearer ${TOKEN}` })).toMatchObject({ status: 200 });
  });

  it.each([
    ['no header', {}],
    ['a wrong token', internalAuthHeader('not-the-internal-token-000')],
    ['the token plus a character', internalAuthHeader(`${TOKEN}x`)],
    ['another scheme', { authorization: `Basic ${TOKEN}` }],
    ['the bare token', { authorization: TOKEN }],
  ])('answers 401 UNAUTHORIZED with the internal challenge for %s', async (_name, headers) => {
    expect(await get('/orders', headers)).toEqual(REFUSED);
  });

  it('refuses unknown paths too, so it tells nothing about which routes exist', async () => {
    expect(await get('/no/such/route')).toEqual(REFUSED);
  });

  it('leaves the probes /health, /ready and /metrics open, and only those spellings', async () => {
    for (const probe of ['/health', '/ready', '/metrics'])
      expect(await get(probe)).toMatchObject({ status: 200, body: { reached: probe } });
    expect((await get('/health/x')).status).toBe(401);
    expect((await get('/HEALTH')).status).toBe(401);
  });
});
