import { SERVICE_NAMES, type ServiceName } from '../contracts';

/** What `WORKER_REPLICAS` can name: a service's worker, or the gateway. */
export type ReplicatedKind = ServiceName | 'gateway';

/** Every kind `WORKER_REPLICAS` accepts. */
export const REPLICATED_KINDS: readonly ReplicatedKind[] = [...SERVICE_NAMES, 'gateway'];

/** Most processes of one kind: replica i listens on its base port + REPLICA_PORT_STEP × (i − 1), so 9 stay below the next hundred's stack. */
export const MAX_REPLICAS = 9;

/** Replica i (from 1) of a kind listens on the kind's port + REPLICA_PORT_STEP × (i − 1): orders 3001, 3101, 3201, … */
export const REPLICA_PORT_STEP = 100;

/** How many processes of each kind run; every kind not named runs once. */
export type ReplicaCounts = Record<ReplicatedKind, number>;

/**
 * Parses `WORKER_REPLICAS`, e.g. `inventory=2,payments=3,gateway=2`: a comma-separated list of `<kind>=<count>`, each
 * kind one of the services or `gateway`, each count 1 to MAX_REPLICAS. Returns the counts (1 for a kind not named), or
 * the reason the text is refused.
 */
export function parseReplicas(text: string): { counts: ReplicaCounts } | { error: string } {
  const counts = Object.fromEntries(REPLICATED_KINDS.map((k) => [k, 1])) as ReplicaCounts;
  const seen = new Set<string>();
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([a-z-]+)\s*=\s*(\d+)$/.exec(part);
    if (!m) return { error: `"${part}" is not <name>=<count>` };
    const [, kind, count] = m;
    if (!(REPLICATED_KINDS as readonly string[]).includes(kind))
      return { error: `"${kind}" is none of ${REPLICATED_KINDS.join(', ')}` };
    if (seen.has(kind)) return { error: `"${kind}" is named twice` };
    seen.add(kind);
    const n = Number(count);
    if (n < 1 || n > MAX_REPLICAS) return { error: `${kind}=${count}: the count must be 1 to ${MAX_REPLICAS}` };
    counts[kind as ReplicatedKind] = n;
  }
  return { counts };
}

/** `WORKER_REPLICAS` with every kind of REPLICATED_KINDS at `count`, e.g. `orders=2,…,gateway=2`. */
export const workerReplicas = (count: number): string => REPLICATED_KINDS.map((k) => `${k}=${count}`).join(',');

/** One process of a kind: its name in the supervisor's log and pid file, and the HTTP port it listens on. */
export interface Replica {
  kind: ReplicatedKind;
  /** 1 for the first. */
  index: number;
  /** `payments` for the first replica (what the chaos suite and a single-process stack call it), then `payments-2`, `payments-3`, … */
  name: string;
  port: number;
}

/** The `count` replicas of `kind` whose first one listens on `basePort`. */
export const replicasOf = (kind: ReplicatedKind, count: number, basePort: number): Replica[] =>
  Array.from({ length: count }, (_, i) => ({
    kind,
    index: i + 1,
    name: i === 0 ? kind : `${kind}-${i + 1}`,
    port: basePort + REPLICA_PORT_STEP * i,
  }));
