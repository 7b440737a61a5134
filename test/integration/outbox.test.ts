// The orders service's domain events on the real stack: an order placed through the gateway leaves `order.created` and
// `order.confirmed` in the orders database's outbox, each in its schema, carrying the request id and the trace of the
// request that placed it.
import { randomUUID } from 'node:crypto';
import type { DomainEvent, OrderDto } from '../../contracts';
import { eventSchemaProblems } from '../../contracts/event-schemas';
import { query } from '../support/databases';
import { api } from '../support/http';
import { bearer, newCustomer, waitForStatus } from '../support/orders';

describe('the outbox of the orders service', () => {
  it('holds order.created and order.confirmed for an order placed through the gateway, with its request id and trace', async () => {
    const customer = await newCustomer();
    const requestId = `outbox-${randomUUID()}`;
    const placed = await api(
      'POST',
      '/api/orders',
      { items: [{ productId: 'sku-ceramic-mug', quantity: 1 }], paymentToken: 'tok_ok' },
      { ...bearer(customer), 'Idempotency-Key': randomUUID(), 'X-Request-Id': requestId },
    );
    expect(placed.status).toBe(201);
    const { orderId } = placed.body as unknown as OrderDto;
    await waitForStatus(customer, orderId, 'CONFIRMED');

    const rows = await query<{ type: string; event: DomainEvent }>(
      'orders',
      'select type, event from outbox where aggregate_id = $1 order by created_at',
      [orderId],
    );
    expect(rows.map((r) => r.type)).toEqual(['order.created', 'order.confirmed']);
    for (const { event } of rows) {
      expect(eventSchemaProblems(event)).toEqual([]);
      expect(event.metadata).toMatchObject({ source: 'orders', correlationId: orderId, requestId });
      expect(event.metadata.traceparent).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/);
      expect(event.data).toMatchObject({ orderId, customerId: customer.id, totalCents: 1200 });
    }
  });
});
