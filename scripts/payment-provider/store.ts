import { randomBytes } from 'node:crypto';

/** A charge held by the sandbox. */
export interface SandboxCharge {
  id: string;
  /** Idempotency-Key of the request that made it: lets a client that lost the answer find the charge. */
  idempotencyKey: string;
  token: string;
  status: 'succeeded';
  amountCents: number;
  currency: string;
  createdAt: string;
}

/** A refund held by the sandbox. */
export interface SandboxRefund {
  id: string;
  chargeId: string;
  amountCents: number;
  createdAt: string;
}

/** An answer remembered under an idempotency key, with the fingerprint of the body that produced it. */
export interface StoredAnswer {
  status: number;
  body: unknown;
  fingerprint: string;
}

/** Makes a provider-style id such as `ch_1a2b...`. */
export const providerId = (prefix: 'ch' | 're') => `${prefix}_${randomBytes(12).toString('hex')}`;

/** In-memory state of the sandbox: charges, refunds, remembered answers and attempt counters per key. */
export class ProviderStore {
  readonly charges = new Map<string, SandboxCharge>();
  readonly refunds = new Map<string, SandboxRefund>();
  private readonly answers = new Map<string, StoredAnswer>();
  private readonly attempts = new Map<string, number>();

  /** The answer remembered for `scope` + `key`, if any. */
  answer(scope: string, key: string): StoredAnswer | undefined {
    return this.answers.get(`${scope}:${key}`);
  }

  /** Remembers an answer so that the same key gets it again. */
  remember(scope: string, key: string, answer: StoredAnswer): StoredAnswer {
    this.answers.set(`${scope}:${key}`, answer);
    return answer;
  }

  /** Counts one more attempt under `scope` + `key` and returns the new count (1 on the first). */
  attempt(scope: string, key: string): number {
    const n = (this.attempts.get(`${scope}:${key}`) ?? 0) + 1;
    this.attempts.set(`${scope}:${key}`, n);
    return n;
  }
}
