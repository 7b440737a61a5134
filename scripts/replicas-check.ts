// `npm run test:replicas`: starts a stack of its own with two processes of every worker and of the gateway
// (WORKER_REPLICAS), checks that every replica answers /ready on its own port and that `temporal task-queue describe`
// shows the pollers of both replicas of each queue, places an order through the second gateway, then runs the chaos
// suite's CI scenario against it (it SIGKILLs the first replica of each worker kind mid-load and audits every database:
// nothing lost, nothing charged twice) and checks the pollers again. Every process's /metrics must answer. With
// `--cluster` the stack runs `npm run start:cluster`'s engine, and `temporal operator cluster describe` must name the
// PostgreSQL persistence and the Web UI must list the namespace. Exits 1 on any failure. Takes about 5 minutes.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { PAYMENT_TEST_TOKENS, SERVICE_NAMES, TASK_QUEUES } from '../contracts';
import { loadConfig, PROJECT_ROOT, replicas, type PlatformConfig } from '../lib/config';
import { workerReplicas } from '../lib/replicas';
import { isolatedStackEnv, offsetPortEnv } from './stack/offset-stack';
import { startOwnStack, stopOwnStack } from './stack/stack-process';
import { temporalCli } from './stack/temporal';
import { checkEndpoints, metricsEndpoints } from './metrics/endpoints';

const say = (line: string) => process.stdout.write(`${line}\n`);
const CLUSTER = process.argv.includes('--cluster');
// cluster mode keeps Temporal's membership ports (TEMPORAL_PORT − 300 …) within a smallint: ports + 22000 there
const OFFSET = Number(process.env.TEST_PORT_OFFSET ?? (CLUSTER ? 22_000 : 30_000));
const COUNT = 2;

const env = isolatedStackEnv({
  DATA_DIR: path.join(PROJECT_ROOT, '.data', `replicas-stack-${CLUSTER ? 'cluster-' : ''}${OFFSET}`),
  ...offsetPortEnv(OFFSET),
  WORKER_REPLICAS: workerReplicas(COUNT),
  RATE_LIMIT_PER_MINUTE: '100000',
  RATE_LIMIT_ORDERS_PER_MINUTE: '100000',
  RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
});

/** The distinct poller identities `temporal task-queue describe` lists for `queue` (workflow and activity pollers). */
export function pollerIdentities(config: PlatformConfig, queue: string): { identities: string[]; text: string } {
  const res = spawnSync(
    temporalCli(config),
    ['task-queue', 'describe', '--task-queue', queue, '--address', config.temporalAddress, '--output', 'json'],
    { encoding: 'utf8', timeout: 30_000 },
  );
  const text = `${res.stdout}${res.stderr}`;
  const identities = [...new Set([...text.matchAll(/"identity":\s*"([^"]+)"/g)].map((m) => m[1]))].sort();
  return { identities, text };
}

async function checkPollers(config: PlatformConfig, failures: string[]): Promise<void> {
  for (const service of SERVICE_NAMES) {
    // a replica restarted by the chaos run polls again within seconds; its dead predecessor stays listed for a minute
    let found: string[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      found = pollerIdentities(config, TASK_QUEUES[service]).identities;
      if (found.length >= COUNT) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    say(`  task queue ${TASK_QUEUES[service].padEnd(13)} ${found.length} pollers: ${found.join(', ')}`);
    if (found.length < COUNT) failures.push(`task queue ${service}: ${found.length} pollers, expected ${COUNT}`);
  }
}

async function checkMetrics(config: PlatformConfig, failures: string[]): Promise<void> {
  const { lines, failed } = await checkEndpoints(metricsEndpoints(config, '127.0.0.1', CLUSTER));
  for (const line of lines) say(`  ${line}`);
  failures.push(...failed);
}

/** Cluster mode: the server's persistence is PostgreSQL, and the Web UI answers with the platform's namespace. */
async function checkClusterEngine(config: PlatformConfig, failures: string[]): Promise<void> {
  const res = spawnSync(
    temporalCli(config),
    ['operator', 'cluster', 'describe', '--address', config.temporalAddress, '--output', 'json'],
    { encoding: 'utf8', timeout: 30_000 },
  );
  const persistence = /"persistenceStore":\s*"([^"]+)"/.exec(res.stdout)?.[1] ?? `none (${res.stderr.trim()})`;
  const visibility = /"visibilityStore":\s*"([^"]+)"/.exec(res.stdout)?.[1] ?? 'none';
  say(`  temporal operator cluster describe: persistence ${persistence}, visibility ${visibility}`);
  if (persistence !== 'postgres12') failures.push(`cluster describe: persistence ${persistence}, expected postgres12`);
  const ui = `http://127.0.0.1:${config.TEMPORAL_UI_PORT}/api/v1/namespaces`;
  const answer = await fetch(ui).then(
    async (r) => ({ status: r.status, text: await r.text() }),
    (err: Error) => ({ status: 0, text: err.message }),
  );
  const names = (() => {
    try {
      const body = JSON.parse(answer.text) as { namespaces?: { namespaceInfo?: { name?: string } }[] };
      return (body.namespaces ?? []).map((n) => n.namespaceInfo?.name);
    } catch {
      return [];
    }
  })();
  const listed = answer.status === 200 && names.includes(config.TEMPORAL_NAMESPACE);
  const seen = listed ? `200, lists ${names.join(', ')}` : `${answer.status} ${answer.text.slice(0, 200)}`;
  say(`  Web UI ${ui}: ${seen}`);
  if (!listed) failures.push(`Web UI ${ui}: ${seen}`);
}

async function checkReplicasReady(config: PlatformConfig, failures: string[]): Promise<void> {
  for (const service of SERVICE_NAMES)
    for (const r of replicas(config, service)) {
      const res = await fetch(`http://127.0.0.1:${r.port}/ready`).catch((err: Error) => ({ status: err.message }));
      say(`  ${r.name.padEnd(16)} http://127.0.0.1:${r.port}/ready  ${res.status}`);
      if (res.status !== 200) failures.push(`${r.name} /ready answered ${res.status}`);
    }
}

/** Signs up, places one order through `gatewayPort` and waits for CONFIRMED; returns the order's last status. */
async function orderThrough(gatewayPort: number): Promise<string> {
  const base = `http://127.0.0.1:${gatewayPort}`;
  const call = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };
  const email = `replicas-${Date.now()}@example.com`;
  const password = 'correct horse battery';
  await call('POST', '/api/auth/register', { email, name: 'Replica Check', password });
  const { token } = (await call('POST', '/api/auth/login', { email, password })).body as { token: string };
  const auth = { Authorization: `Bearer ${token}` };
  const products = (await call('GET', '/api/products')).body.items as { id: string }[];
  const placed = await call(
    'POST',
    '/api/orders',
    { items: [{ productId: products[0].id, quantity: 1 }], paymentToken: PAYMENT_TEST_TOKENS.ok },
    { ...auth, 'Idempotency-Key': `replicas-${Date.now()}` },
  );
  const orderId = placed.body.orderId as string | undefined;
  if (!orderId) return `not placed: ${placed.status} ${JSON.stringify(placed.body)}`;
  let status = '';
  for (let i = 0; i < 60 && status !== 'CONFIRMED'; i++) {
    status = String((await call('GET', `/api/orders/${orderId}`, undefined, auth)).body.status);
    if (status !== 'CONFIRMED') await new Promise((r) => setTimeout(r, 500));
  }
  return `${orderId} ${status}`;
}

async function main() {
  const config = loadConfig(env);
  const logFile = `${config.DATA_DIR}.log`;
  const failures: string[] = [];
  say(
    `starting a ${CLUSTER ? 'cluster-mode ' : ''}stack with WORKER_REPLICAS=${env.WORKER_REPLICAS} (ports + ${OFFSET}, log ${logFile})`,
  );
  const stack = await startOwnStack({
    env,
    logFile,
    fresh: true,
    args: CLUSTER ? ['--cluster'] : [],
    timeoutMs: CLUSTER ? 900_000 : 300_000, // a first cluster-mode run builds the server and the UI
  });
  try {
    if (CLUSTER) {
      say('the engine:');
      await checkClusterEngine(config, failures);
    }
    say('every replica answers /ready on its own port:');
    await checkReplicasReady(config, failures);
    say('pollers (temporal task-queue describe):');
    await checkPollers(config, failures);
    say('every /metrics endpoint answers:');
    await checkMetrics(config, failures);
    const second = replicas(config, 'gateway')[1];
    const order = await orderThrough(second.port);
    say(`  an order through ${second.name} (port ${second.port}): ${order}`);
    if (!order.endsWith('CONFIRMED')) failures.push(`order through ${second.name}: ${order}`);

    say('chaos suite (--ci) against this stack: it SIGKILLs the first replica of each worker kind mid-load');
    const chaos = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts', 'chaos.ts'), '--ci'],
      {
        cwd: PROJECT_ROOT,
        env,
        stdio: 'inherit',
      },
    );
    if (chaos.status !== 0) failures.push(`chaos suite exited with ${chaos.status}`);
    say('pollers after the kills:');
    await checkPollers(config, failures);
  } finally {
    const code = await stopOwnStack(stack);
    say(`stack stopped (exit ${code})`);
  }
  if (failures.length > 0) {
    say(`✖ ${failures.length} failure(s):\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  say(
    `✔ replicas${CLUSTER ? ' on the cluster engine' : ''}: every replica ready and polling, every /metrics answering, the order confirmed, the chaos audit clean`,
  );
}

main().catch((err: unknown) => {
  say(`✖ ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
