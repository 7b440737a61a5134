import type { ProductDto, StockDto } from '../../contracts';
import { getJson } from './service-client';

/** A product as the gateway shows it: catalog data plus available stock (null when inventory did not answer). */
export type CatalogItem = ProductDto & { availability: number | null };

/** Reads of the products and inventory services, joined for the storefront. */
export class CatalogClient {
  constructor(private readonly productsUrl: string, private readonly inventoryUrl: string) {}

  /** Every product with its availability. */
  async list(): Promise<CatalogItem[]> {
    const page = await getJson<{ items: ProductDto[] }>('products', `${this.productsUrl}/products`);
    return this.withStock(page?.items ?? []);
  }

  /** One product, or undefined when it does not exist. */
  async get(id: string): Promise<CatalogItem | undefined> {
    const product = await getJson<ProductDto>('products', `${this.productsUrl}/products/${encodeURIComponent(id)}`);
    return product && (await this.withStock([product]))[0];
  }

  /** Ids among `ids` that are not in the catalog. */
  async unknown(ids: string[]): Promise<string[]> {
    const page = await getJson<{ items: ProductDto[] }>('products', `${this.productsUrl}/products`);
    const known = new Set((page?.items ?? []).map((p) => p.id));
    return [...new Set(ids)].filter((id) => !known.has(id));
  }

  private async withStock(products: ProductDto[]): Promise<CatalogItem[]> {
    const query = products.map((p) => `productId=${encodeURIComponent(p.id)}`).join('&');
    const stock = await getJson<{ items: StockDto[] }>('inventory', `${this.inventoryUrl}/stock?${query}`);
    return products.map((p) => ({ ...p, availability: stock?.items.find((s) => s.productId === p.id)?.available ?? null }));
  }
}
