import { loadConfig, replicas, ConfigError } from './config';
import { parseReplicas, replicasOf } from './replicas';

describe('WORKER_REPLICAS', () => {
  it('defaults every kind to one process, named after the kind, on its own port', () => {
    const config = loadConfig({});
    expect(replicas(config, 'payments')).toEqual([{ kind: 'payments', index: 1, name: 'payments', port: 3003 }]);
    expect(replicas(config, 'gateway')).toEqual([{ kind: 'gateway', index: 1, name: 'gateway', port: 3000 }]);
  });

  it('runs N processes of a kind, replica i on the base port + 100 × (i − 1), named <kind>-<i> after the first', () => {
    const config = loadConfig({ WORKER_REPLICAS: 'inventory=2, payments=3,gateway=2', PAYMENTS_HTTP_PORT: '8003' });
    expect(replicas(config, 'payments').map((r) => [r.name, r.port])).toEqual([
      ['payments', 8003],
      ['payments-2', 8103],
      ['payments-3', 8203],
    ]);
    expect(replicas(config, 'inventory').map((r) => r.name)).toEqual(['inventory', 'inventory-2']);
    expect(replicas(config, 'gateway').map((r) => r.port)).toEqual([3000, 3100]);
    expect(replicas(config, 'orders')).toHaveLength(1);
  });

  it.each([
    ['payments', 'is not <name>=<count>'],
    ['billing=2', 'is none of'],
    ['orders=2,orders=3', 'named twice'],
    ['orders=0', 'the count must be 1 to 9'],
    ['orders=10', 'the count must be 1 to 9'],
  ])('refuses %s, naming the setting', (text, reason) => {
    expect(() => loadConfig({ WORKER_REPLICAS: text })).toThrow(ConfigError);
    expect(() => loadConfig({ WORKER_REPLICAS: text })).toThrow(/WORKER_REPLICAS/);
    expect(parseReplicas(text)).toEqual({ error: expect.stringContaining(reason) });
  });

  it('gives no two replicas of a default stack the same port', () => {
    const config = loadConfig({
      WORKER_REPLICAS: 'orders=9,inventory=9,payments=9,users=9,products=9,notifications=9,gateway=9',
    });
    const ports = (['gateway', 'orders', 'inventory', 'payments', 'users', 'products', 'notifications'] as const)
      .flatMap((k) => replicas(config, k))
      .map((r) => r.port);
    const others = [
      config.PAYMENT_PROVIDER_PORT,
      config.TEMPORAL_PORT,
      config.TEMPORAL_UI_PORT,
      config.POSTGRES_PORT,
      config.REDIS_PORT,
    ];
    expect(new Set([...ports, ...others]).size).toBe(ports.length + others.length);
  });

  it('names replicas from 1', () => {
    expect(replicasOf('users', 2, 10).map((r) => r.index)).toEqual([1, 2]);
  });
});
