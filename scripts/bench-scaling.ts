// `npm run bench:scaling -- [options]`: confirmed orders/s and time to CONFIRMED of the dev server versus the cluster
// engine, with 1 versus 2 processes per worker queue, in one run. For each configuration it starts a stack of its own,
// runs `scripts/bench.ts` (checkout only) against it, stops it; then prints one table. See `--help`.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../lib/config';
import {
  benchArgs,
  configLabel,
  levelAt,
  measured,
  outcomesText,
  parseScalingOptions,
  readBenchJson,
  renderCpuTable,
  renderScalingTable,
  scalingMatrix,
  scalingStackSettings,
  SCALING_USAGE,
  ScalingUsageError,
  writeScalingJson,
  type ScalingConfig,
  type ScalingOptions,
  type ScalingResult,
} from './bench/scaling';
import { isolatedStackEnv, offsetPortEnv, stackPorts } from './stack/offset-stack';
import { listeningPorts, startOwnStack, stopOwnStack } from './stack/stack-process';

const say = (line: string) => process.stdout.write(`${line}\n`);
// ports + 21000: cluster mode keeps Temporal's membership ports within a smallint (assertMembershipPorts)
const OFFSET = Number(process.env.TEST_PORT_OFFSET ?? 21_000);
const seconds = (since: number) => (Date.now() - since) / 1000;

/** The stack running right now, stopped on Ctrl-C. */
let current: ChildProcess | undefined;

/**
 * Runs the bench with the stack's `env`; its progress lines (before its report) are echoed, all of its output goes to
 * `logFile`. Resolves with its exit code and the last of its error output.
 */
function runBench(
  env: NodeJS.ProcessEnv,
  args: string[],
  logFile: string,
): Promise<{ code: number | null; tail: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts', 'bench.ts'), ...args], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  let tail = '';
  let pending = '';
  let inReport = false;
  child.stdout.on('data', (chunk: Buffer) => {
    log.write(chunk);
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') inReport = true; // the report follows the first empty line
      if (!inReport) say(`    bench: ${line}`);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    log.write(chunk);
    tail = (tail + chunk.toString()).slice(-2000);
  });
  return new Promise((resolve) => {
    child.once('close', (code) => {
      log.end();
      resolve({ code, tail: tail.trim() });
    });
  });
}

/** Starts the configuration's stack, benches it, stops it; never throws. */
async function measure(c: ScalingConfig, options: ScalingOptions): Promise<ScalingResult> {
  const env = isolatedStackEnv({ ...scalingStackSettings(c, OFFSET, PROJECT_ROOT), ...offsetPortEnv(OFFSET) });
  const config = loadConfig(env);
  const logFile = `${config.DATA_DIR}.log`;
  const result: ScalingResult = { config: c };
  say(`\n▶ ${configLabel(c)}: starting a stack (WORKER_REPLICAS=${env.WORKER_REPLICAS}, log ${logFile})`);
  const started = Date.now();
  let stack: ChildProcess | undefined;
  let ok = false;
  try {
    stack = await startOwnStack({
      env,
      logFile,
      fresh: true,
      args: c.engine === 'cluster' ? ['--cluster'] : [],
      timeoutMs: c.engine === 'cluster' ? 600_000 : 300_000,
    });
    current = stack;
    result.startS = Math.round(seconds(started));
    say(
      `  ${configLabel(c)}: stack up in ${result.startS} s; bench: ${options.orders} orders at c=10, ${options.serialOrders} at c=1`,
    );
    const jsonDir = mkdtempSync(path.join(os.tmpdir(), 'bench-scaling-'));
    try {
      const benchStarted = Date.now();
      const bench = await runBench(env, benchArgs(options, jsonDir), `${config.DATA_DIR}.bench.log`);
      if (bench.code !== 0) throw new Error(`the bench exited with ${bench.code}: ${bench.tail || 'no message'}`);
      result.report = readBenchJson(jsonDir);
      const c10 = levelAt(result.report, 10);
      say(
        `  ${configLabel(c)}: measured in ${seconds(benchStarted).toFixed(0)} s: ${c10?.confirmedPerSecond ?? '–'} ` +
          `confirmed/s at c=10 (${outcomesText(c10)})`,
      );
      ok = measured(result);
    } finally {
      rmSync(jsonDir, { recursive: true, force: true });
    }
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
    const lines = result.error.split('\n').filter((l) => l.trim());
    say(`  ${configLabel(c)}: ✖ ${[lines[0], ...lines.slice(1).slice(-4)].join('\n      ')}`);
  } finally {
    if (stack) {
      const stopping = Date.now();
      const code = await stopOwnStack(stack);
      current = undefined;
      const left = await listeningPorts(stackPorts(config));
      say(`  ${configLabel(c)}: stack stopped in ${seconds(stopping).toFixed(0)} s (exit ${code})`);
      if (left.length > 0) say(`  ${configLabel(c)}: ⚠ ports still listening after the stop: ${left.join(', ')}`);
      if (ok && code === 0 && left.length === 0) rmSync(config.DATA_DIR, { recursive: true, force: true }); // kept to look into otherwise
    }
  }
  return result;
}

async function main(): Promise<number> {
  let options: ScalingOptions;
  try {
    options = parseScalingOptions(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof ScalingUsageError)) throw err;
    process.stderr.write(`✖ ${err.message}\n\n${SCALING_USAGE}`);
    return 2;
  }
  if (options.help) {
    say(SCALING_USAGE);
    return 0;
  }
  const interrupt = (signal: string, code: number) => {
    say(`${signal}: stopping the stack`);
    void (current ? stopOwnStack(current) : Promise.resolve()).finally(() => process.exit(code));
  };
  process.once('SIGINT', () => interrupt('SIGINT', 130));
  process.once('SIGTERM', () => interrupt('SIGTERM', 143));

  const matrix = scalingMatrix(options.only);
  const startedAt = new Date();
  say(`bench:scaling — ${matrix.map(configLabel).join(', ')}; ports + ${OFFSET}`);
  const results: ScalingResult[] = [];
  for (const c of matrix) results.push(await measure(c, options));

  const table = `${renderScalingTable(results, options)}\n${renderCpuTable(results)}`;
  const file = writeScalingJson(path.join(PROJECT_ROOT, 'bench', 'results'), {
    startedAt: startedAt.toISOString(),
    durationS: Math.round(seconds(startedAt.getTime())),
    machine: { cpus: os.cpus().length, memoryGB: Math.round(os.totalmem() / 1e8) / 10, node: process.versions.node },
    settings: { ...options, offset: OFFSET },
    table,
    results,
  });
  say(`\n${table}JSON: ${file}`);
  const failed = results.filter((r) => !measured(r));
  if (failed.length > 0) {
    say(`✖ not measured: ${failed.map((r) => configLabel(r.config)).join(', ')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`✖ ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
