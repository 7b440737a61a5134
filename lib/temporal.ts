import { NativeConnection } from '@temporalio/worker';
import { Connection, Client } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';

/** Client interceptors of every Temporal client: workflow starts, signals and queries carry the active trace context. */
export const clientInterceptors = () => ({ workflow: [new OpenTelemetryWorkflowClientInterceptor()] });

/** Raised when the Temporal frontend cannot be reached; the message says where and what to do. */
export class TemporalUnreachableError extends Error {}

const hint = (address: string, cause: unknown) =>
  `Temporal is unreachable at ${address} (${cause instanceof Error ? cause.message : String(cause)}). ` +
  'Start the platform with `npm start`, or set TEMPORAL_ADDRESS to a running server.';

/** Connects a worker to Temporal, failing fast with a clear message. */
export async function connectWorker(address: string): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect({ address });
  } catch (err) {
    throw new TemporalUnreachableError(hint(address, err));
  }
}

/** Connects a Temporal client (gateway, tools, tests), failing fast with a clear message; workflow starts and signals carry the active trace context. */
export async function connectClient(address: string, namespace: string): Promise<Client> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: '5s' });
    return new Client({ connection, namespace, interceptors: clientInterceptors() });
  } catch (err) {
    throw new TemporalUnreachableError(hint(address, err));
  }
}

/**
 * A Temporal client that connects on first use (the gateway): the process starts and serves its health route while
 * Temporal is still down, and each call that cannot reach it fails on its own (the gateway answers 503 for it).
 */
export function lazyClient(address: string, namespace: string): Client {
  return new Client({
    connection: Connection.lazy({ address, connectTimeout: '5s' }),
    namespace,
    interceptors: clientInterceptors(),
  });
}
