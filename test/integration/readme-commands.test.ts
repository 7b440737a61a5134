import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readmeCurlCommands, type ReadmeCommand } from '../support/readme-commands';
import { eventually } from '../support/http';
import { testConfig } from '../support/test-env';

// README's curl commands against localhost:3000, run as written (through sh, with curl itself) against the test stack:
// only the port is the test stack's, $TOKEN is the token README's own login command answered, <orderId> the order its
// placement command answered. Each must answer what README says.

const port = testConfig().GATEWAY_PORT;
const dir = mkdtempSync(path.join(os.tmpdir(), 'readme-commands-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

const vars: { TOKEN: string; orderId: string } = { TOKEN: '', orderId: '' };

/** Runs `cmd` as README writes it, with its block's assignments before it; `curl` records status, headers and body on the side. */
function run(cmd: ReadmeCommand): Answer {
  const files = { body: path.join(dir, 'body'), headers: path.join(dir, 'headers') };
  rmSync(files.body, { force: true });
  const command = cmd.command.replaceAll('localhost:3000', `localhost:${port}`).replaceAll('<orderId>', vars.orderId);
  const script = [
    `curl() { command curl -sS -o '${files.body}' -D '${files.headers}' -w '%{http_code}' "$@"; }`,
    ...cmd.assignments,
    command,
  ].join('\n');
  const done = spawnSync('sh', ['-c', script], {
    encoding: 'utf8',
    env: { ...process.env, TOKEN: vars.TOKEN },
    timeout: 30_000,
  });
  if (done.status !== 0) throw new Error(`README line ${cmd.line} failed: ${done.stderr}`);
  const headerText =
    readFileSync(files.headers, 'utf8')
      .trim()
      .split(/\r?\n\r?\n/)
      .pop() ?? '';
  const headers = Object.fromEntries(
    headerText
      .split(/\r?\n/)
      .slice(1)
      .map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  let text = readFileSync(files.body, 'utf8');
  if (text.startsWith('HTTP/')) text = text.slice(text.search(/\r?\n\r?\n/)).trim(); // `curl -i` writes the head into the body too
  return {
    status: Number(done.stdout.trim()),
    headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** What README says each command answers, by what the command does. */
const EXPECTATIONS: Array<[RegExp, (cmd: ReadmeCommand) => Promise<void>]> = [
  [
    /-X POST localhost:3000\/api\/auth\/register /,
    async (cmd) => {
      const first = run(cmd);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ id: expect.any(String), email: 'ada@example.com', name: 'Ada' });
      const again = run(cmd); // "The same request again answers 409"
      expect(again.status).toBe(409);
      expect(again.body).toEqual({
        error: {
          code: 'EMAIL_TAKEN',
          message: 'This email is already registered.',
          requestId: again.headers['x-request-id'],
        },
      });
    },
  ],
  [
    /-X POST localhost:3000\/api\/auth\/login /,
    async (cmd) => {
      const res = run(cmd);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ token: expect.stringMatching(/^eyJhbGciOiJFZERTQSIs/), expiresIn: 3600 });
      vars.TOKEN = res.body.token as string;
    },
  ],
  [
    /-X POST localhost:3000\/api\/orders -H/,
    async (cmd) => {
      const res = run(cmd);
      expect([201, 202]).toContain(res.status); // 201; 202 when the saga was not priced within ORDER_PLACEMENT_WAIT
      expect(res.headers.location).toMatch(/^\/api\/orders\/[a-f0-9]{32}$/);
      vars.orderId = res.headers.location!.split('/').pop()!;
      if (res.status === 201) {
        expect(res.body).toMatchObject({
          orderId: vars.orderId,
          totalCents: 2400,
          items: [{ productId: 'sku-ceramic-mug', quantity: 2, unitPriceCents: 1200 }],
        });
        expect(['PENDING', 'CONFIRMED']).toContain(res.body.status);
      }
    },
  ],
  [
    /^curl localhost:3000\/api\/orders\/<orderId> -H/,
    async (cmd) => {
      // "CONFIRMED a moment later"
      let last: Answer | undefined;
      expect(
        await eventually(
          async () => {
            last = run(cmd);
            return last.status === 200 && last.body.status === 'CONFIRMED';
          },
          30_000,
          500,
        ),
      ).toBe(true);
      expect(last!.body).toMatchObject({ orderId: vars.orderId, totalCents: 2400 });
    },
  ],
  [
    /localhost:3000\/api\/orders\?limit=20/,
    async (cmd) => {
      // "your orders, newest first"
      const res = run(cmd);
      expect(res.status).toBe(200);
      expect((res.body.items as Array<{ orderId: string }>).map((o) => o.orderId)).toEqual([vars.orderId]);
    },
  ],
  [
    /-X POST localhost:3000\/api\/orders\/<orderId>\/cancel/,
    async (cmd) => {
      // "202, or 409 once shipped/failed/cancelled"
      const res = run(cmd);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ orderId: vars.orderId, status: 'CONFIRMED', cancellation: 'REQUESTED' });
    },
  ],
  [
    /^curl localhost:3000\/api\/products /,
    async (cmd) => {
      // "catalog with prices and availability (no token needed)"
      const res = run(cmd);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: 'sku-ceramic-mug', priceCents: 1200, availability: expect.any(Number) }),
        ]),
      );
    },
  ],
  [
    /^curl localhost:3000\/health$/,
    async (cmd) => {
      const res = run(cmd);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'healthy', service: 'gateway' });
    },
  ],
];

describe("README's curl commands", () => {
  const commands = readmeCurlCommands();

  it('are all known to this test (a new command in README needs its expectation here)', () => {
    expect(commands.length).toBe(EXPECTATIONS.length);
    expect(
      commands
        .filter((c) => EXPECTATIONS.filter(([re]) => re.test(c.command)).length !== 1)
        .map((c) => `line ${c.line}: ${c.command}`),
    ).toEqual([]);
  });

  it('answer what README says, run exactly as written, in README order', async () => {
    for (const cmd of commands) {
      const [, check] = EXPECTATIONS.find(([re]) => re.test(cmd.command))!;
      try {
        await check(cmd);
      } catch (err) {
        throw new Error(`README line ${cmd.line}: ${cmd.command}\n${(err as Error).message}`);
      }
    }
  });
});
