// Every service folder holds the same files doing the same jobs, and its read API answers errors in the one style.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_NAMES } from '../contracts';

/** `orders` -> `Orders`. */
const capitalised = (name: string) => name[0]!.toUpperCase() + name.slice(1);

/** The source of `activities/<service>/<file>`. */
const source = (service: string, file: string) => readFileSync(path.join(__dirname, service, file), 'utf8');

describe.each(SERVICE_NAMES)('activities/%s/', (service) => {
  const Service = capitalised(service);

  it('holds activities.ts, entities.ts, migrations/, mikro-orm.config.ts and http.ts', () => {
    const missing = ['activities.ts', 'entities.ts', 'migrations', 'mikro-orm.config.ts', 'http.ts'].filter(
      (file) => !existsSync(path.join(__dirname, service, file)),
    );
    expect(missing).toEqual([]);
  });

  it(`activities.ts exports ${Service}Deps and create${Service}Activities(deps: ${Service}Deps)`, async () => {
    const text = source(service, 'activities.ts');
    expect(text).toMatch(new RegExp(`^export interface ${Service}Deps \\{`, 'm'));
    expect(text).toMatch(new RegExp(`^export function create${Service}Activities\\([^)]*: ${Service}Deps\\)`, 'm'));
    const activities = (await import(`./${service}/activities`)) as Record<string, unknown>;
    expect(typeof activities[`create${Service}Activities`]).toBe('function');
  });

  it(`http.ts exports create${Service}Router, taking ${Service}Deps (or a Pick of it)`, async () => {
    const signature = new RegExp(`^export function create${Service}Router\\([^)]*: (Pick<)?${Service}Deps\\b`, 'm');
    expect(source(service, 'http.ts')).toMatch(signature);
    const http = (await import(`./${service}/http`)) as Record<string, unknown>;
    expect(typeof http[`create${Service}Router`]).toBe('function');
  });

  it('http.ts raises errors only through lib/service-api.ts and lib/validation.ts', () => {
    const text = source(service, 'http.ts');
    expect(text.match(/new HttpError\b|ctx\.throw\(|ctx\.status\s*=|\berror:\s*\{/g) ?? []).toEqual([]);
  });
});
