import { TimeoutStrategy, timeout, type TimeoutPolicy } from 'cockatiel';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { CATALOG_CACHE_KEY, SERVICE_READ_PATHS, type ProductDto, type StockDto } from '../../contracts';
import { HttpError } from '../http-error';
import { FreshValue } from './fresh-value';
import type { ServiceClient } from './service-client';

export { CATALOG_CACHE_KEY };

/** How old the prices and availability a catalog read answers may be, at most (ms), unless `readTtlMs` says otherwise. */
export const CATALOG_READ_TTL_MS = 1_000;

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
  /** How long the in-process read model serves a product list or stock read (default CATALOG_READ_TTL_MS). */
  readTtlMs?: number;
}

/** Available units by product id, as inventory last answered. */
type Stock = ReadonlyMap<string, number>;

/**
 * Reads of the products and inventory services, joined for the storefront, from an in-process read model: the product
 * list (itself cached in Redis for every gateway, `PRODUCTS_CACHE_TTL`) and the stock of every product are each read
 * at most once per `readTtlMs` (1 s), single-flight (concurrent requests wait for one upstream read), and read again
 * at once after `invalidate()` (the gateway's own changes: an order placed or cancelled). A failed read is never kept:
 * while inventory does not answer, each read answers `degraded` with availability null (never the last stock seen),
 * and asks inventory again through its breaker (fast while the breaker is open).
 */
export class CatalogClient {
  private readonly cacheCall: TimeoutPolicy;
  /** The last product list this gateway read (from Redis or the service): the unknown-product check falls back to it. */
  private lastKnown: ProductDto[] | undefined;
  private readonly productList: FreshValue<ProductDto[]>;
  private readonly stock: FreshValue<Stock>;
  /** The ids of the last product list asked for, reused while the list is the same. */
  private ids: { products: ProductDto[]; ids: string[] } | undefined;
  /** The last page joined, reused while neither read behind it changed. */
  private joined: { products: ProductDto[]; stock: Stock | undefined; page: CatalogPage } | undefined;

  constructor(private readonly deps: CatalogDeps) {
    this.cacheCall = timeout(deps.cacheTimeoutMs ?? 250, TimeoutStrategy.Aggressive);
    const ttlMs = deps.readTtlMs ?? CATALOG_READ_TTL_MS;
    this.productList = new FreshValue({ read: () => this.readProducts(), ttlMs });
    this.stock = new FreshValue({ read: () => this.readStock(), ttlMs });
  }

  /** Every product with its availability. */
  async list(): Promise<CatalogPage> {
    const [products, stock] = await Promise.all([this.products(), this.availableStock()]);
    return this.join(products, stock);
  }

  /** One product with its availability, or undefined when it is not in the catalog. */
  async get(id: string): Promise<CatalogEntry | undefined> {
    const { items, degraded } = await this.list();
    const product = items.find((p) => p.id === id);
    return product && { product, degraded };
  }

  /** Forgets the prices and stock read: the next read asks again (after the gateway changed stock, e.g. placed an order). */
  invalidate(): void {
    this.productList.invalidate();
    this.stock.invalidate();
  }

  /** Ids of every product in the catalog (or the last list read), or undefined when no list can be had. */
  async productIds(): Promise<string[] | undefined> {
    let products: ProductDto[] | undefined;
    try {
      products = await this.products();
    } catch {
      products = this.lastKnown;
    }
    if (!products) return undefined;
    if (this.ids?.products !== products) this.ids = { products, ids: products.map((p) => p.id) };
    return this.ids.ids; // the same array while the list is: callers may key on it
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

  /** The product list of the read model; the one place that records it as the last list read. */
  private async products(): Promise<ProductDto[]> {
    return (this.lastKnown = await this.productList.get());
  }

  /** The product list: from Redis on a hit, else from the products service, then stored with the TTL. Redis trouble only costs the cache. */
  private async readProducts(): Promise<ProductDto[]> {
    const cached = await this.fromCache();
    if (cached) return cached;
    const page = await this.deps.products.getJson<{ items: ProductDto[] }>(SERVICE_READ_PATHS.products);
    const items = page?.items ?? [];
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

  /** The stock of the read model, or undefined when inventory failed, was slow or its breaker is open. */
  private async availableStock(): Promise<Stock | undefined> {
    try {
      return await this.stock.get();
    } catch (err) {
      this.deps.logger?.debug(
        { err: (err as Error).message },
        'inventory unavailable: serving the catalog without availability',
      ); // breaker changes are logged by the client
      return undefined;
    }
  }

  /** The stock of every product, from inventory. */
  private async readStock(): Promise<Stock> {
    const page = await this.deps.inventory.getJson<{ items: StockDto[] }>(SERVICE_READ_PATHS.stock);
    return new Map((page?.items ?? []).map((s) => [s.productId, s.available]));
  }

  private join(products: ProductDto[], stock: Stock | undefined): CatalogPage {
    const last = this.joined;
    if (last && last.products === products && last.stock === stock) return last.page;
    const page = {
      items: products.map((p) => ({ ...p, availability: stock?.get(p.id) ?? null })),
      degraded: stock === undefined,
    };
    this.joined = { products, stock, page };
    return page;
  }
}
