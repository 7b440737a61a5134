import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_KEYS, ConfigError, loadConfig, PROJECT_ROOT, servicePort } from './config';
import { SERVICE_NAMES } from '../contracts';

describe('loadConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.GATEWAY_PORT).toBe(3000);
    expect(SERVICE_NAMES.map((s) => [s, servicePort(config, s)])).toEqual([
      ['orders', 3001],
      ['inventory', 3002],
      ['payments', 3003],
      ['users', 3004],
      ['products', 3005],
      ['notifications', 3006],
    ]);
    expect(config.temporalAddress).toBe('127.0.0.1:7233');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6380');
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.TEMPORAL_NAMESPACE).toBe('default');
  });

  it('reads overrides from the environment, coercing numbers', () => {
    const config = loadConfig({
      GATEWAY_PORT: '4000',
      USERS_HTTP_PORT: '4104',
      LOG_LEVEL: 'debug',
      TEMPORAL_PORT: '7300',
      REDIS_PORT: '6400',
    });
    expect(config.GATEWAY_PORT).toBe(4000);
    expect(servicePort(config, 'users')).toBe(4104);
    expect(servicePort(config, 'orders')).toBe(3001);
    expect(config.LOG_LEVEL).toBe('debug');
    expect(config.temporalAddress).toBe('127.0.0.1:7300');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6400');
  });

  it('prefers TEMPORAL_ADDRESS and REDIS_URL over the embedded ports', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_PORT: '7300',
      REDIS_URL: 'redis://cache.internal:6379/2',
      REDIS_PORT: '6400',
    });
    expect(config.temporalAddress).toBe('temporal.internal:7233');
    expect(config.redisUrl).toBe('redis://cache.internal:6379/2');
  });

  it('ignores empty strings as if unset', () => {
    const config = loadConfig({ GATEWAY_PORT: '', TEMPORAL_ADDRESS: '', REDIS_URL: '', LOG_LEVEL: '' });
    expect(config.GATEWAY_PORT).toBe(3000);
    expect(config.temporalAddress).toBe('127.0.0.1:7233');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6380');
    expect(config.LOG_LEVEL).toBe('info');
  });

  it.each(['abc', '70000', '0', '3000.5'])('throws ConfigError naming GATEWAY_PORT for GATEWAY_PORT=%s', (value) => {
    let caught: unknown;
    try {
      loadConfig({ GATEWAY_PORT: value });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toMatch(/GATEWAY_PORT/);
    expect((caught as Error).message).not.toMatch(/ORDERS_HTTP_PORT/);
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ GATEWAY_PORT: 'abc', REDIS_URL: 'not a url', LOG_LEVEL: 'loud' })).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/GATEWAY_PORT[\s\S]*REDIS_URL|REDIS_URL[\s\S]*GATEWAY_PORT/),
      }),
    );
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});

describe("README's configuration table", () => {
  it('documents every setting the loader reads (a range row like `ORDERS_URL` … `NOTIFICATIONS_URL` covers the six services)', () => {
    const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const table = readme.slice(
      readme.indexOf('## Configuration'),
      readme.indexOf('## ', readme.indexOf('## Configuration') + 3),
    );
    const documented = new Set<string>();
    for (const [, first, last] of table.matchAll(/^\| `([A-Z_]+)`(?: … `([A-Z_]+)`)? \|/gm)) {
      const suffix = (name: string) => name.replace(/^(ORDERS|NOTIFICATIONS)_/, '');
      if (last && suffix(first) === suffix(last))
        for (const s of SERVICE_NAMES) documented.add(`${s.toUpperCase()}_${suffix(first)}`);
      else documented.add(first);
    }
    expect(CONFIG_KEYS.filter((key) => !documented.has(key))).toEqual([]);
    expect([...documented].filter((key) => !(CONFIG_KEYS as string[]).includes(key))).toEqual([]);
  });
});
