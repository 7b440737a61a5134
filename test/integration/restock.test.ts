import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import {
  ErrorTypes,
  TASK_QUEUES,
  WORKFLOW_TYPES,
  restockProductWorkflowId,
  type RestockProductResult,
} from '../../contracts';
import { CATALOG_READ_TTL_MS } from '../../api/services/catalog';
import { temporalCli } from '../../scripts/stack/temporal';
import { api } from '../support/http';
import { temporalClient } from '../support/orders';
import { readmeTemporalCommands, type ReadmeCommand } from '../support/readme-commands';
import { temporal } from '../support/temporal-cli';
import { testConfig } from '../support/test-env';

// README's "Restocking" commands, run as written (through sh, with the real temporal CLI) against the test stack: only
// the address is the test stack's and the restock id a fresh one, so the suite can run again on the same stack.

/** The restock id README's example uses. */
const README_RESTOCK_ID = '2026-12-kettles';
const KETTLE = 'sku-pour-over-kettle';

const config = testConfig();
const readmeCommands = readmeTemporalCommands().filter((c) => c.command.includes(`restock-${README_RESTOCK_ID}`));

afterAll(async () => (await temporalClient()).connection.close());

/** Runs one README command with its block's assignments, for the restock `restockId`. */
function runReadme(cmd: ReadmeCommand, restockId: string) {
  const local = (text: string) =>
    text.replaceAll('127.0.0.1:7233', config.temporalAddress).replaceAll(README_RESTOCK_ID, restockId);
  const script = [
    `temporal() { command '${temporalCli(config)}' "$@"; }`,
    ...cmd.assignments.map(local),
    local(cmd.command),
  ];
  const done = spawnSync('sh', ['-c', script.join('\n')], { encoding: 'utf8', timeout: 60_000 });
  if (done.status !== 0)
    throw new Error(`README line ${cmd.line} failed (${done.status}): ${done.stderr}${done.stdout}`);
  return done.stdout;
}

/** The workflow result the CLI printed (the one JSON object of its output). */
function printedResult(stdout: string): RestockProductResult {
  const json = stdout.match(/\{.*\}/s)?.[0];
  if (!json) throw new Error(`no result in: ${stdout}`);
  return JSON.parse(json) as RestockProductResult;
}

/** The availability the gateway shows for a product. */
async function availability(productId: string): Promise<number> {
  const res = await api('GET', `/api/products/${productId}`);
  expect(res.status).toBe(200);
  expect(res.body.degraded).toBeUndefined();
  return res.body.availability as number;
}

/** The availability the gateway shows once a change made outside it can have reached its read model (at most the read TTL old). */
async function availabilityAfterChange(productId: string): Promise<number> {
  await sleep(CATALOG_READ_TTL_MS);
  return availability(productId);
}

/** Starts a restock with the CLI (as README does) and waits for the workflow's failure type. */
async function failedRestock(restockId: string, input: object): Promise<string | undefined> {
  const workflowId = restockProductWorkflowId(restockId);
  const started = temporal(
    'workflow',
    'start',
    '--task-queue',
    TASK_QUEUES.orders,
    '--type',
    WORKFLOW_TYPES.restockProduct,
    '--workflow-id',
    workflowId,
    '--input',
    JSON.stringify(input),
  );
  if (started.status !== 0) throw new Error(`temporal workflow start failed: ${started.stderr}`);
  const err = await (
    await temporalClient()
  ).workflow
    .getHandle(workflowId)
    .result()
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  return ((err as WorkflowFailedError).cause?.cause as ApplicationFailure | undefined)?.type ?? undefined;
}

describe('restocking with the temporal CLI, as README shows it', () => {
  it('README shows a start and a result command of one restock', () => {
    expect(readmeCommands.map((c) => c.command.split(' ').slice(0, 3).join(' '))).toEqual([
      'temporal workflow start',
      'temporal workflow result',
    ]);
    expect(readmeCommands[0]!.command).toContain(`--type ${WORKFLOW_TYPES.restockProduct}`);
  });

  it('adds the units once per restock id, and the next product read shows them', async () => {
    const restockId = `it-${randomUUID().slice(0, 8)}`;
    const before = await availability(KETTLE);
    const [start, result] = readmeCommands as [ReadmeCommand, ReadmeCommand];

    runReadme(start, restockId);
    const answer = printedResult(runReadme(result, restockId));
    expect(answer).toEqual({
      restockId,
      productId: KETTLE,
      quantity: 20,
      availableAfter: before + 20,
      restockedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(await availabilityAfterChange(KETTLE)).toBe(before + 20);

    // the same command again starts a new run of the completed workflow id: it answers the same and adds nothing
    runReadme(start, restockId);
    expect(printedResult(runReadme(result, restockId))).toEqual(answer);
    expect(await availabilityAfterChange(KETTLE)).toBe(before + 20);
  });

  it('a reused restock id, a bad quantity or an unknown product fails the workflow and adds nothing', async () => {
    const before = await availability(KETTLE);
    const restockId = `it-${randomUUID().slice(0, 8)}`;
    const [start, result] = readmeCommands as [ReadmeCommand, ReadmeCommand];
    runReadme(start, restockId);
    runReadme(result, restockId);
    expect(await failedRestock(restockId, { restockId, productId: KETTLE, quantity: 21 })).toBe(
      ErrorTypes.INVALID_RESTOCK,
    );
    const other = `it-${randomUUID().slice(0, 8)}`;
    expect(await failedRestock(other, { restockId: other, productId: KETTLE, quantity: 0 })).toBe(
      ErrorTypes.INVALID_RESTOCK,
    );
    const unknown = `it-${randomUUID().slice(0, 8)}`;
    expect(await failedRestock(unknown, { restockId: unknown, productId: 'sku-nope', quantity: 1 })).toBe(
      ErrorTypes.UNKNOWN_PRODUCT,
    );
    expect(await availabilityAfterChange(KETTLE)).toBe(before + 20);
  });
});
