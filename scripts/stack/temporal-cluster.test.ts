import { loadConfig } from '../../lib/config';
import { offsetPortEnv } from './offset-stack';
import type { PostgresLayout } from './postgres';
import {
  assertMembershipPorts,
  DYNAMIC_CONFIG_FILE,
  rolePorts,
  serverRoleArgs,
  serverRoleEnv,
  temporalEnvFile,
  TEMPORAL_ROLES,
  clusterToolPaths,
} from './temporal-cluster';

const config = loadConfig({});
const layout = { port: 5433 } as PostgresLayout;

describe('cluster mode', () => {
  it('reads its shared settings from deploy/temporal/temporal.env', () => {
    const env = temporalEnvFile();
    expect(env).toMatchObject({ DB: 'postgres12', DBNAME: 'temporal', VISIBILITY_DBNAME: 'temporal_visibility' });
    expect(Number(env.NUM_HISTORY_SHARDS)).toBe(8);
    expect(env.TEMPORAL_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('gives every role its own gRPC, membership and metrics port, the frontend on TEMPORAL_PORT and TEMPORAL_METRICS_PORT', () => {
    for (const c of [config, loadConfig(offsetPortEnv(5500))]) {
      const ports = rolePorts(c);
      expect(ports.frontend.grpc).toBe(c.TEMPORAL_PORT);
      expect(ports.frontend.metrics).toBe(c.TEMPORAL_METRICS_PORT);
      const all = TEMPORAL_ROLES.flatMap((r) => [ports[r].grpc, ports[r].membership, ports[r].metrics]);
      expect(new Set(all).size).toBe(all.length);
    }
  });

  it('refuses a TEMPORAL_PORT whose membership ports would not fit the smallint Temporal stores them in', () => {
    expect(() => assertMembershipPorts(loadConfig(offsetPortEnv(20_000)))).not.toThrow();
    expect(() => assertMembershipPorts(loadConfig({ TEMPORAL_PORT: '33061' }))).not.toThrow();
    expect(() => assertMembershipPorts(loadConfig({ TEMPORAL_PORT: '33062' }))).toThrow(
      /TEMPORAL_PORT of 33061 or less/,
    );
    expect(() => assertMembershipPorts(loadConfig(offsetPortEnv(30_000)))).toThrow(/membership ports up to 32767/);
  });

  it("renders each role from the server's config template with temporal.env's values and this machine's", () => {
    const history = serverRoleEnv(config, layout, 'pw', 'history');
    const frontend = serverRoleEnv(config, layout, 'pw', 'frontend');
    expect(history).toMatchObject(temporalEnvFile());
    expect(history).toMatchObject({
      POSTGRES_SEEDS: '127.0.0.1',
      DB_PORT: '5433',
      VISIBILITY_DB_PORT: '5433',
      POSTGRES_PWD: 'pw',
      BIND_ON_IP: '127.0.0.1',
      FRONTEND_GRPC_PORT: String(config.TEMPORAL_PORT),
      DYNAMIC_CONFIG_FILE_PATH: DYNAMIC_CONFIG_FILE,
      PROMETHEUS_ENDPOINT: `127.0.0.1:${rolePorts(config).history.metrics}`,
    });
    expect(frontend.PROMETHEUS_ENDPOINT).toBe(`127.0.0.1:${config.TEMPORAL_METRICS_PORT}`);
    expect(serverRoleArgs(clusterToolPaths(config), 'matching')).toEqual([
      '--config-file',
      expect.stringMatching(/temporal-server-\d+\.\d+\.\d+\/config\/docker\.yaml$/),
      '--allow-no-auth',
      'start',
      '--service',
      'matching',
    ]);
  });
});
