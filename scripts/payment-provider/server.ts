// The payment provider sandbox as a process: in-memory state, listens on SERVICE_BIND_HOST:PAYMENT_PROVIDER_PORT (loopback by default) until SIGINT/SIGTERM.
import { loadConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { closeServer, listen } from '../../lib/http-server';
import { runMain, shutdownSignal } from '../../lib/shutdown';
import { createPaymentProviderApp } from './app';

async function run(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('payment-provider', config.LOG_LEVEL);
  const app = createPaymentProviderApp();
  app.on('error', (err: unknown) => logger.error({ err }, 'request failed'));
  const server = await listen(app, config.PAYMENT_PROVIDER_PORT, 'PAYMENT_PROVIDER_PORT', config.SERVICE_BIND_HOST);
  logger.info(
    { host: config.SERVICE_BIND_HOST, port: config.PAYMENT_PROVIDER_PORT },
    'payment provider sandbox listening',
  );

  const signal = await shutdownSignal().received;
  logger.info({ signal }, 'shutting down');
  await closeServer(server, 0); // also ends requests held open by tok_unavailable
  logger.info('stopped');
}

runMain('payment-provider', run);
