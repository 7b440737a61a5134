import { generateKeyPair, importPKCS8, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { ACCESS_TOKEN } from '../../contracts';
import { api } from '../support/http';
import { query } from '../support/databases';
import { listWorkflows, temporal } from '../support/temporal-cli';
import { bearer, newCustomer, placeOrder, temporalClient, waitForStatus, type Customer } from '../support/orders';

const cart = { items: [{ productId: 'sku-paper-filters', quantity: 1 }], paymentToken: 'tok_ok' };

/** A token for `sub` signed with the users service's own active key, with the given lifetime (negative: already expired). */
async function tokenSignedByUsersService(sub: string, lifetimeSeconds: number): Promise<string> {
  const [key] = await query<{ kid: string; private_key_pem: string }>(
    'users',
    'select kid, private_key_pem from signing_keys where retired_at is null',
  );
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
    .setSubject(sub)
    .setIssuer(ACCESS_TOKEN.issuer)
    .setAudience(ACCESS_TOKEN.audience)
    .setIssuedAt(now - 3600)
    .setExpirationTime(now + lifetimeSeconds)
    .sign(await importPKCS8(key.private_key_pem, 'EdDSA'));
}

/** Signals the order's workflow received, from its history. */
function signalsOf(orderId: string): string[] {
  const res = temporal('workflow', 'show', '--workflow-id', `order-${orderId}`, '--output', 'json');
  const events = (
    JSON.parse(res.stdout) as {
      events: { eventType: string; workflowExecutionSignaledEventAttributes?: { signalName: string } }[];
    }
  ).events;
  if (events.length === 0) throw new Error(`no history for order ${orderId}`);
  return events
    .filter((e) => e.eventType.endsWith('SIGNALED') || e.eventType === 'WorkflowExecutionSignaled')
    .map((e) => e.workflowExecutionSignaledEventAttributes?.signalName ?? '?');
}

let alice: Customer;
let bob: Customer;
beforeAll(async () => {
  [alice, bob] = await Promise.all([newCustomer(), newCustomer()]);
});
afterAll(async () => (await temporalClient()).connection.close());

describe('authentication at the gateway (real users service, real JWKS)', () => {
  it('login answers a token whose subject is the user; wrong password and unknown email get the same 401', async () => {
    const login = await api('POST', '/api/auth/login', { email: alice.email, password: 'correct horse battery' });
    expect(login).toMatchObject({ status: 200, body: { token: expect.any(String), expiresIn: 3600 } });
    const wrong = await api('POST', '/api/auth/login', { email: alice.email, password: 'not the password' });
    const unknown = await api('POST', '/api/auth/login', {
      email: `nobody-${randomUUID()}@example.com`,
      password: 'not the password',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      message: (unknown.body.error as { message: string }).message,
    });
    expect([wrong.headers.get('www-authenticate'), unknown.headers.get('www-authenticate')]).toEqual([
      'Bearer',
      'Bearer',
    ]);
    expect((await api('POST', '/api/auth/login', { email: alice.email, password: 'x', admin: true })).status).toBe(400);
  });

  it('no, malformed, tampered, expired and foreign-signed tokens get 401 JSON on every order route, and start nothing', async () => {
    const before = listWorkflows(`WorkflowType='orderCheckout' AND CustomerId='${alice.id}'`).length;
    const [header, payload, signature] = alice.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: bob.id })).toString('base64url')}.${signature}`;
    const expired = await tokenSignedByUsersService(alice.id, -60);
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const foreign = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid: JSON.parse(Buffer.from(header!, 'base64url').toString()).kid })
      .setSubject(alice.id)
      .setIssuer(ACCESS_TOKEN.issuer)
      .setAudience(ACCESS_TOKEN.audience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    const headers: [string, Record<string, string>, string][] = [
      ['none', {}, 'UNAUTHORIZED'],
      ['basic', { Authorization: 'Basic YWxpY2U6cHc=' }, 'INVALID_TOKEN'],
      ['garbage', { Authorization: 'Bearer not.a.jwt' }, 'INVALID_TOKEN'],
      ['tampered', { Authorization: `Bearer ${tampered}` }, 'INVALID_TOKEN'],
      ['expired', { Authorization: `Bearer ${expired}` }, 'TOKEN_EXPIRED'],
      ['foreign key', { Authorization: `Bearer ${foreign}` }, 'INVALID_TOKEN'],
    ];
    const routes: [string, string, unknown][] = [
      ['GET', '/api/orders', undefined],
      ['POST', '/api/orders', cart],
      ['GET', `/api/orders/${'a'.repeat(32)}`, undefined],
      ['POST', `/api/orders/${'a'.repeat(32)}/cancel`, undefined],
    ];
    for (const [name, h, code] of headers) {
      for (const [method, path, body] of routes) {
        const res = await api(method, path, body, { ...h, 'Idempotency-Key': `k-${randomUUID()}` });
        expect([name, method, path, res.status, res.body]).toEqual([
          name,
          method,
          path,
          401,
          { error: { code, message: expect.any(String), requestId: expect.any(String) } },
        ]);
      }
    }
    expect(listWorkflows(`WorkflowType='orderCheckout' AND CustomerId='${alice.id}'`)).toHaveLength(before);
    expect(listWorkflows(`WorkflowType='orderCheckout' AND CustomerId='${bob.id}'`)).toHaveLength(0);
  });

  it("a still-valid token signed by the users service's key is accepted (the check is the signature, not the login call)", async () => {
    const res = await api('GET', '/api/orders', undefined, {
      Authorization: `Bearer ${await tokenSignedByUsersService(alice.id, 300)}`,
    });
    expect(res.status).toBe(200);
  });
});

describe('ownership (real orders service)', () => {
  it("another customer's order is 404 for read and cancel, is not signalled, and is not in their list", async () => {
    const placed = await placeOrder(alice, `k-${randomUUID()}`, cart);
    expect(placed.status).toBe(201);
    const orderId = placed.body.orderId as string;
    await waitForStatus(alice, orderId, 'CONFIRMED');

    const read = await api('GET', `/api/orders/${orderId}`, undefined, bearer(bob));
    const cancel = await api('POST', `/api/orders/${orderId}/cancel`, undefined, bearer(bob));
    expect([read.status, (read.body.error as { code: string }).code]).toEqual([404, 'ORDER_NOT_FOUND']);
    expect([cancel.status, (cancel.body.error as { code: string }).code]).toEqual([404, 'ORDER_NOT_FOUND']);
    expect(signalsOf(orderId)).toEqual([]);
    const bobs = await api('GET', '/api/orders', undefined, bearer(bob));
    expect((bobs.body.items as { orderId: string }[]).map((o) => o.orderId)).not.toContain(orderId);
    expect((await api('GET', `/api/orders/${orderId}`, undefined, bearer(alice))).status).toBe(200);
    // the control: the owner's cancel does reach the workflow, and signalsOf sees it
    expect(
      (await api('POST', `/api/orders/${orderId}/cancel`, { reason: 'changed my mind' }, bearer(alice))).status,
    ).toBe(202);
    expect(signalsOf(orderId)).toEqual(['cancel']);
  });

  it("GET /api/orders lists only the caller's orders, newest first, page by page with a cursor", async () => {
    const carol = await newCustomer();
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) {
      const res = await placeOrder(carol, `k-${randomUUID()}`, cart);
      expect(res.status).toBe(201);
      ids.push(res.body.orderId as string);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api(
        'GET',
        `/api/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        undefined,
        bearer(carol),
      );
      expect(page.status).toBe(200);
      const items = page.body.items as { orderId: string; customerId: string }[];
      expect(items.length).toBeLessThanOrEqual(2);
      for (const o of items) expect(o.customerId).toBe(carol.id);
      seen.push(...items.map((o) => o.orderId));
      cursor = page.body.nextCursor as string | undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    expect((await api('GET', '/api/orders?limit=101', undefined, bearer(carol))).status).toBe(400);
    expect((await api('GET', '/api/orders?cursor=bm90LWEtY3Vyc29y', undefined, bearer(carol))).status).toBe(400);
    expect((await api('GET', '/api/orders?customerId=someone-else', undefined, bearer(carol))).status).toBe(400);
  });
});
