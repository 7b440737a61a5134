import { EntitySchema } from '@mikro-orm/core';

/** A charge taken at the provider; `businessKey` (`<orderId>:charge`) makes charging idempotent. */
export class Charge {
  id!: string;
  orderId!: string;
  businessKey!: string;
  providerChargeId!: string;
  amountCents!: number;
  currency!: string;
  status!: 'SUCCEEDED';
  createdAt: Date = new Date();
}

/** A refund of a charge; `businessKey` (`<orderId>:refund`) makes refunding idempotent. */
export class Refund {
  id!: string;
  orderId!: string;
  businessKey!: string;
  chargeId!: string;
  providerRefundId!: string;
  amountCents!: number;
  createdAt: Date = new Date();
}

/** Table `charges`: unique business key. */
export const ChargeSchema = new EntitySchema<Charge>({
  class: Charge,
  tableName: 'charges',
  properties: {
    id: { type: 'uuid', primary: true },
    orderId: { type: 'string', fieldName: 'order_id' },
    businessKey: { type: 'string', unique: true, fieldName: 'business_key' },
    providerChargeId: { type: 'string', fieldName: 'provider_charge_id' },
    amountCents: { type: 'integer', fieldName: 'amount_cents' },
    currency: { type: 'string' },
    status: { type: 'string' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
  },
});

/** Table `refunds`: unique business key; `charge_id` references `charges`. */
export const RefundSchema = new EntitySchema<Refund>({
  class: Refund,
  tableName: 'refunds',
  properties: {
    id: { type: 'uuid', primary: true },
    orderId: { type: 'string', fieldName: 'order_id' },
    businessKey: { type: 'string', unique: true, fieldName: 'business_key' },
    chargeId: { type: 'uuid', fieldName: 'charge_id' },
    providerRefundId: { type: 'string', fieldName: 'provider_refund_id' },
    amountCents: { type: 'integer', fieldName: 'amount_cents' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
  },
});
