import { TimeoutStrategy, timeout, type TimeoutPolicy } from 'cockatiel';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { CATALOG_CACHE_KEY, SERVICE_READ_PATHS, type ProductDto, type StockDto } from '../../contracts';
import { HttpError } from '../http-error';
import type { ServiceClient } from './service-client';

export { CATALOG_CACHE_KEY };

/** A product as the gateway shows it: catalog data plus available stock (null when inventory did not answer). */
export type CatalogItem = ProductDto & { availability: number | null };

/** The catalog with availability; `degraded` when inventory did not answer and every availability is null. */
export interface CatalogPage {
  items: CatalogItem[];
  degraded: boolean;
}

/** One product with its availability; `degraded` as in CatalogPage. */
export interface CatalogEntry {
  product: CatalogItem;
  degraded: boolean;
}

/** What the catalog reads from: the two services (through their breakers) and the Redis cache of the product list. */
export interface CatalogDeps {
  products: Pick<ServiceClient, 'getJson'>;
  inventory: Pick<ServiceClient, 'getJson'>;
  redis: Pick<Redis, 'get' | 'set'>;
  /** Lifetime of the cached product list (`PRODUCTS_CACHE_TTL`). */
  cacheTtlMs: number;
  /** Budget of one Redis command; past it the cache counts as down for that read (default 250 ms). */
  cacheTimeoutMs?: number;
  logger?: Pick<Logger, 'debug'>;
  /** Told when a cache command fails and when one works again (the gateway warns once per Redis outage). */
  redisOutage?: { down(reason: unknown): void; back(): void };
}

/** Reads of the products and inventory services, joined for the storefront; the product list is cached in Redis. */
export class CatalogClient {
  private readonly cacheCall: TimeoutPolicy;
  /** The last product list this gateway read (from Redis or the service): the unknown-product check falls back to it. */
  private lastKnown: ProductDto[] | undefined;

  constructor(private readonly deps: CatalogDeps) {
    this.cacheCall = timeout(deps.cacheTimeoutMs ?? 250, TimeoutStrategy.Aggressive);
  }

  /** Every product with its availability. */
  async list(): Promise<CatalogPage> {
    const [products, stock] = await Promise.all([this.products(), this.stock('')]);
    return this.join(products, stock);
  }

  /** One product with its availability, or undefined when it is not in the catalog. */
  async get(id: string): Promise<CatalogEntry | undefined> {
    const [products, stock] = await Promise.all([this.products(), this.stock(`?productId=${encodeURIComponent(id)}`)]);
    const product = products.find((p) => p.id === id);
    if (!product) return undefined;
    const {
      items: [item],
      degraded,
    } = this.join([product], stock);
    return { product: item!, degraded };
  }

  /** Ids of every product in the catalog (or the last list read), or undefined when no list can be had. */
  async productIds(): Promise<string[] | undefined> {
    try {
      return (await this.products()).map((p) => p.id);
    } catch {
      return this.lastKnown?.map((p) => p.id);
    }
  }

  /**
   * Ids among `ids` that are not in the (cached) catalog. When neither Redis nor the products service can give the list,
   * the last list this gateway read answers; when it never read one, 503 CATALOG_UNAVAILABLE.
   */
  async unknown(ids: string[]): Promise<string[]> {
    let products: ProductDto[];
    try {
      products = await this.products();
    } catch (err) {
      if (!this.lastKnown)
        throw new HttpError(
          503,
          'CATALOG_UNAVAILABLE',
          'The product catalog is unavailable, so the order cannot be checked; try again.',
          { reason: (err as Error).message },
        );
      this.deps.logger?.debug(
        { err: (err as Error).message },
        'catalog unavailable: checking products against the last known list',
      );
      products = this.lastKnown;
    }
    const known = new Set(products.map((p) => p.id));
    return [...new Set(ids)].filter((id) => !known.has(id));
  }

  /** The product list: from Redis on a hit, else from the products service, then stored with the TTL. Redis trouble only costs the cache. */
  private async products(): Promise<ProductDto[]> {
    const cached = await this.fromCache();
    if (cached) return (this.lastKnown = cached);
    const page = await this.deps.products.getJson<{ items: ProductDto[] }>(SERVICE_READ_PATHS.products);
    const items = page?.items ?? [];
    this.lastKnown = items;
    await this.cache('set', () =>
      this.deps.redis.set(CATALOG_CACHE_KEY, JSON.stringify(items), 'PX', this.deps.cacheTtlMs),
    );
    return items;
  }

  private async fromCache(): Promise<ProductDto[] | undefined> {
    const text = await this.cache('get', () => this.deps.redis.get(CATALOG_CACHE_KEY));
    if (typeof text !== 'string') return undefined;
    try {
      const items: unknown = JSON.parse(text);
      return Array.isArray(items) ? (items as ProductDto[]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Runs one Redis command within the cache budget; a failure is logged and gives undefined. */
  private async cache<T>(op: string, command: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await this.cacheCall.execute(() => command());
      this.deps.redisOutage?.back();
      return result;
    } catch (err) {
      this.deps.redisOutage?.down(err as Error);
      this.deps.logger?.debug(
        { err: (err as Error).message, op },
        'catalog cache unavailable: reading through to the products service',
      );
      return undefined;
    }
  }

  /** Stock rows from inventory, or undefined when it failed, was slow or its breaker is open. */
  private async stock(query: string): Promise<StockDto[] | undefined> {
    try {
      return (await this.deps.inventory.getJson<{ items: StockDto[] }>(`${SERVICE_READ_PATHS.stock}${query}`))?.items;
    } catch (err) {
      this.deps.logger?.debug(
        { err: (err as Error).message },
        'inventory unavailable: serving the catalog without availability',
      ); // breaker changes are logged by the client
      return undefined;
    }
  }

  private join(products: ProductDto[], stock: StockDto[] | undefined): CatalogPage {
    const available = new Map((stock ?? []).map((s) => [s.productId, s.available]));
    return {
      items: products.map((p) => ({ ...p, availability: available.get(p.id) ?? null })),
      degraded: stock === undefined,
    };
  }
}
