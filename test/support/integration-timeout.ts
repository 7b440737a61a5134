// Integration tests drive a real stack (timers, retries, restarts): allow them two minutes each. Jest 30 reads
// `testTimeout` only at the top level of a multi-project config, so the integration project sets it here.
jest.setTimeout(120_000);
