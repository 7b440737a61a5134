// docker-compose.yml keeps the platform's rules: database per service, health checks, one public entry point.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  DEFAULT_SERVICE_PORTS,
  METRIC_NAMES,
  SEARCH_ATTRIBUTE_KEYS,
  SERVICE_NAMES,
  cliSearchAttributeType,
  type ServiceName,
} from '../../contracts';
import { loadConfig, serviceUrl } from '../../lib/config';
import { SCHEMA_TOOL_SETTINGS, temporalEnvFile } from '../../scripts/stack/temporal-cluster';

/** The parts of a compose service these tests read. */
interface ComposeService {
  command?: string | string[];
  environment?: Record<string, string | number | null> | string[];
  healthcheck?: { test?: string | string[] };
  ports?: unknown[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  networks?: string[] | Record<string, unknown>;
}

const ROOT = path.resolve(__dirname, '..', '..');
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  networks?: Record<string, { internal?: boolean } | null>;
};
const services = compose.services;
/** The networks a service joins (compose's `default` when it names none). */
const networksOf = (service: ComposeService) => {
  const nets = service.networks ?? ['default'];
  return Array.isArray(nets) ? nets : Object.keys(nets);
};
const isInternal = (network: string) => compose.networks?.[network]?.internal === true;
/** The operator UIs that may stay published, on 127.0.0.1 only. */
const OPERATOR_UIS = ['temporal-ui', 'jaeger', 'prometheus', 'grafana'];

/** A service's environment as a map, whichever of the two compose spellings it uses. */
function envOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env))
    return Object.fromEntries(env.map((line) => [line.split('=')[0], line.slice(line.indexOf('=') + 1)]));
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v ?? '')]));
}

const dbKey = (name: ServiceName) => `${name.toUpperCase()}_DATABASE_URL`;
const commandOf = (service: ComposeService) => [service.command ?? []].flat().join(' ');
const healthTest = (service: ComposeService) => [service.healthcheck?.test ?? []].flat().join(' ');

describe('docker-compose.yml', () => {
  it.each(SERVICE_NAMES)('runs the %s worker with its own database URL and no other', (name) => {
    const service = services[name];
    expect(service).toBeDefined();
    const env = envOf(service);
    const url = new URL(env[dbKey(name)].replace(/\$\{[^}]*\}/g, 'secret'));
    expect(url.username).toBe(name);
    expect(url.pathname).toBe(`/${name}`);
    for (const other of SERVICE_NAMES.filter((s) => s !== name)) expect(env).not.toHaveProperty(dbKey(other));
    expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(env[`${name.toUpperCase()}_HTTP_PORT`]).toBe(String(DEFAULT_SERVICE_PORTS[name]));
    expect(commandOf(service)).toBe(`node dist/workers/${name}.js`); // compiled by the image's build stage
    expect(existsSync(path.join(ROOT, 'workers', `${name}.ts`))).toBe(true);
  });

  it('runs compiled JavaScript that the image builds from a source the build includes, with no TypeScript loader', () => {
    const build = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    const images = Object.entries(services).filter(
      ([, s]) => (s as { image?: string }).image === 'durable-commerce:local',
    );
    expect(images.length).toBe(SERVICE_NAMES.length + 2); // the workers, the gateway, the payment provider sandbox
    for (const [name, service] of images) {
      const m = /^node dist\/(.+)\.js$/.exec(commandOf(service));
      expect({ name, command: commandOf(service), compiled: Boolean(m) }).toEqual(
        expect.objectContaining({ compiled: true }),
      );
      const source = `${m![1]}.ts`;
      expect(existsSync(path.join(ROOT, source))).toBe(true);
      expect(build.include).toContain(source.split('/')[0]);
    }
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(dockerfile).not.toMatch(/--import[ ",]+tsx/);
  });

  it('gives each database URL to exactly one compose service', () => {
    for (const name of SERVICE_NAMES) {
      const holders = Object.entries(services)
        .filter(([, s]) => dbKey(name) in envOf(s))
        .map(([n]) => n);
      expect(holders).toEqual([name]);
    }
  });

  it('has a health check on every worker (/ready on its own port) and on the gateway', () => {
    for (const name of SERVICE_NAMES) {
      expect(healthTest(services[name])).toContain(`127.0.0.1:${DEFAULT_SERVICE_PORTS[name]}/ready`);
    }
    expect(healthTest(services.gateway)).toContain('127.0.0.1:3000/health');
  });

  it('starts the gateway only after Redis and every worker are healthy', () => {
    const deps = services.gateway.depends_on as Record<string, { condition?: string }>;
    expect(envOf(services.gateway).REDIS_URL).toMatch(/^redis:\/\/redis:/);
    for (const name of ['redis', ...SERVICE_NAMES]) expect(deps[name]?.condition).toBe('service_healthy');
  });

  it("points the gateway at each service's container (not 127.0.0.1) and lets the products worker clear the catalog cache", () => {
    const urls = Object.fromEntries(Object.entries(envOf(services.gateway)).filter(([k]) => k.endsWith('_URL')));
    for (const name of SERVICE_NAMES) {
      expect(serviceUrl(loadConfig(urls), name)).toBe(`http://${name}:${DEFAULT_SERVICE_PORTS[name]}`);
    }
    expect(envOf(services.products).REDIS_URL).toMatch(/^redis:\/\/redis:/);
  });

  it('publishes no port of a service (nor of the databases, Temporal or the sandbox): only the gateway, and the operator UIs on 127.0.0.1', () => {
    const publishing = Object.entries(services)
      .filter(([, s]) => (s.ports ?? []).length > 0)
      .map(([n]) => n);
    expect(publishing.sort()).toEqual(['gateway', ...OPERATOR_UIS].sort());
    for (const ui of OPERATOR_UIS)
      for (const port of services[ui].ports ?? [])
        expect([ui, String(port)]).toEqual([ui, expect.stringMatching(/^127\.0\.0\.1:/)]);
  });

  it('puts every container on an internal network, and only the publishing ones on another', () => {
    for (const [name, service] of Object.entries(services)) {
      const nets = networksOf(service);
      expect([name, nets.some(isInternal)]).toEqual([name, true]);
      const publishes = (service.ports ?? []).length > 0;
      expect([name, nets.every(isInternal)]).toEqual([name, !publishes]);
    }
  });

  it('gives every service and the gateway INTERNAL_API_TOKEN from the environment, with no default', () => {
    for (const name of [...SERVICE_NAMES, 'gateway']) {
      expect([name, envOf(services[name]).INTERNAL_API_TOKEN]).toEqual([
        name,
        expect.stringMatching(/^\$\{INTERNAL_API_TOKEN:\?[^}]*\}$/),
      ]);
    }
  });

  it('binds the services (and the sandbox) to 0.0.0.0 inside their containers, and the gateway through GATEWAY_HOST', () => {
    for (const name of [...SERVICE_NAMES, 'payment-provider'])
      expect([name, envOf(services[name]).SERVICE_BIND_HOST]).toEqual([name, '0.0.0.0']);
    expect(envOf(services.gateway).GATEWAY_HOST).toBe('0.0.0.0');
  });

  it('sends the traces of the gateway and every worker to Jaeger over OTLP/HTTP', () => {
    for (const name of ['gateway', ...SERVICE_NAMES])
      expect([name, envOf(services[name]).OTEL_EXPORTER_OTLP_ENDPOINT]).toEqual([name, 'http://jaeger:4318']);
  });

  describe('metrics', () => {
    const prometheus = parse(readFileSync(path.join(ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const targets = prometheus.scrape_configs.flatMap((job) => job.static_configs.flatMap((c) => c.targets));
    const defaults = loadConfig({});

    it('scrapes every worker on its HTTP port, the gateway on GATEWAY_METRICS_PORT and Temporal on TEMPORAL_METRICS_PORT', () => {
      expect(targets.sort()).toEqual(
        [
          ...SERVICE_NAMES.map((s) => `${s}:${DEFAULT_SERVICE_PORTS[s]}`),
          `gateway:${defaults.GATEWAY_METRICS_PORT}`,
          `temporal:${defaults.TEMPORAL_METRICS_PORT}`,
        ].sort(),
      );
      for (const target of targets) {
        const [host, port] = target.split(':');
        expect([target, services[host] !== undefined]).toEqual([target, true]);
        // each target shares an internal network with Prometheus, and listens on that port
        expect([target, networksOf(services[host]).some((n) => networksOf(services.prometheus).includes(n))]).toEqual([
          target,
          true,
        ]);
        if (host !== 'gateway' && host !== 'temporal')
          expect(envOf(services[host])[`${host.toUpperCase()}_HTTP_PORT`]).toBe(port);
      }
      expect(envOf(services.temporal).PROMETHEUS_ENDPOINT).toBe(`0.0.0.0:${defaults.TEMPORAL_METRICS_PORT}`);
      expect(envOf(services.gateway).GATEWAY_METRICS_PORT ?? String(defaults.GATEWAY_METRICS_PORT)).toBe(
        String(defaults.GATEWAY_METRICS_PORT),
      );
    });

    it("provisions Grafana with Prometheus and the dashboard, whose five panels query only the platform's and Temporal's series", () => {
      const datasources = parse(
        readFileSync(path.join(ROOT, 'deploy/grafana/provisioning/datasources/prometheus.yml'), 'utf8'),
      ) as { datasources: { url: string }[] };
      expect(datasources.datasources[0].url).toBe('http://prometheus:9090');
      const dashboard = JSON.parse(
        readFileSync(path.join(ROOT, 'deploy/grafana/dashboards/durable-commerce.json'), 'utf8'),
      ) as { panels: { title: string; targets: { expr: string }[] }[] };
      expect(dashboard.panels.map((p) => p.title)).toEqual([
        'Orders/s by outcome',
        'Saga latency percentiles',
        'Schedule-to-start latency per task queue (p95)',
        'Activity failures by type',
        'Gateway latency by route (p50, p95)',
      ]);
      const owned = new Set(Object.values(METRIC_NAMES).flatMap((n) => [n, `${n}_bucket`, `${n}_sum`, `${n}_count`]));
      for (const { expr } of dashboard.panels.flatMap((p) => p.targets)) {
        const series = [...expr.matchAll(/\b([a-z_]+)(?=\[|\{)/g)].map((m) => m[1]);
        expect(series.length).toBeGreaterThan(0);
        for (const name of series)
          expect([name, owned.has(name) || name.startsWith('temporal_')]).toEqual([name, true]);
      }
      const mounts = (services.grafana as { volumes?: string[] }).volumes ?? [];
      expect(mounts).toEqual(
        expect.arrayContaining([
          './deploy/grafana/provisioning:/etc/grafana/provisioning:ro',
          './deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro',
        ]),
      );
    });
  });

  describe("Temporal's settings come from deploy/temporal/temporal.env, the file cluster mode reads", () => {
    const shared = temporalEnvFile();
    const image = (service: string) => String((services[service] as { image?: string }).image);

    it('pins the images to its versions', () => {
      for (const service of ['temporal', 'temporal-schema', 'temporal-admin-tools'])
        expect(image(service)).toMatch(
          new RegExp(`:\\$\\{TEMPORAL_VERSION:-${shared.TEMPORAL_VERSION.replace(/\./g, '\\.')}\\}$`),
        );
      expect(image('temporal-ui')).toBe(`temporalio/ui:\${TEMPORAL_UI_VERSION:-${shared.TEMPORAL_UI_VERSION}}`);
    });

    it('passes the file to the server and to the schema tool, and sets none of its names again inline', () => {
      for (const name of ['temporal', 'temporal-schema']) {
        const service = services[name] as ComposeService & { env_file?: string | string[] };
        expect([service.env_file].flat()).toContain('./deploy/temporal/temporal.env');
        const inline = Object.keys(envOf(service));
        expect(inline.filter((key) => key in shared)).toEqual([]);
      }
      const script = commandOf(services['temporal-schema']);
      for (const key of SCHEMA_TOOL_SETTINGS) expect(script).toContain(`$$${key}`);
    });

    it("mounts the repository's dynamic config where DYNAMIC_CONFIG_FILE_PATH points", () => {
      const path = envOf(services.temporal).DYNAMIC_CONFIG_FILE_PATH;
      const mounts = (services.temporal as { volumes?: string[] }).volumes ?? [];
      expect(mounts).toContain(`./deploy/temporal/dynamicconfig.yaml:${path}:ro`);
    });

    it("creates Temporal's role and databases under the file's names (init.sh reads it, mounted into postgres)", () => {
      const mounts = (services.postgres as { volumes?: string[] }).volumes ?? [];
      expect(mounts).toContain('./deploy/temporal/temporal.env:/etc/durable-commerce/temporal.env:ro');
      const init = readFileSync(path.join(ROOT, 'deploy/postgres/init.sh'), 'utf8');
      expect(init).toContain('/etc/durable-commerce/temporal.env');
      for (const key of ['POSTGRES_USER', 'DBNAME', 'VISIBILITY_DBNAME'])
        expect(init).toContain(`temporal_setting ${key})`);
      expect(init).not.toMatch(/role_with_databases temporal /);
    });
  });

  it('registers every search attribute the contracts name, with its type', () => {
    const script = commandOf(services['temporal-admin-tools']);
    for (const key of SEARCH_ATTRIBUTE_KEYS)
      expect(script).toContain(`attribute ${key.name} ${cliSearchAttributeType(key)}`);
  });
});
