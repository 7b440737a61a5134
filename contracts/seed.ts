/** One product of the demo catalog, with the stock the inventory service starts with. */
export interface SeedProduct {
  id: string;
  name: string;
  description: string;
  priceCents: number;
  initialStock: number;
}

/** Demo catalog created idempotently on first start (products prices, inventory stock). */
export const SEED_PRODUCTS: readonly SeedProduct[] = [
  {
    id: 'sku-espresso-beans',
    name: 'Espresso Beans 1 kg',
    description: 'Dark roast, whole bean.',
    priceCents: 2400,
    initialStock: 120,
  },
  {
    id: 'sku-pour-over-kettle',
    name: 'Pour-over Kettle',
    description: 'Gooseneck, 1 litre, stainless steel.',
    priceCents: 5900,
    initialStock: 40,
  },
  {
    id: 'sku-burr-grinder',
    name: 'Burr Grinder',
    description: 'Conical burrs, 40 settings.',
    priceCents: 14900,
    initialStock: 25,
  },
  {
    id: 'sku-ceramic-mug',
    name: 'Ceramic Mug',
    description: '350 ml, dishwasher safe.',
    priceCents: 1200,
    initialStock: 300,
  },
  {
    id: 'sku-paper-filters',
    name: 'Paper Filters (100)',
    description: 'Unbleached, size 02.',
    priceCents: 600,
    initialStock: 500,
  },
  {
    id: 'sku-milk-frother',
    name: 'Milk Frother',
    description: 'Handheld, rechargeable.',
    priceCents: 3500,
    initialStock: 60,
  },
  {
    id: 'sku-digital-scale',
    name: 'Digital Scale',
    description: '0.1 g resolution with timer.',
    priceCents: 4500,
    initialStock: 35,
  },
  {
    id: 'sku-espresso-machine',
    name: 'Espresso Machine',
    description: 'Dual boiler, PID controlled.',
    priceCents: 129900,
    initialStock: 5,
  },
  {
    id: 'sku-limited-geisha',
    name: 'Limited Geisha Beans 250 g',
    description: 'Low stock: a few bags left.',
    priceCents: 8900,
    initialStock: 3,
  },
];

/** Demo account created on first start (README lists it). */
export const DEMO_USER = { email: 'demo@durable.shop', name: 'Demo Customer', password: 'demo-password' } as const;

/** Currency of every price in the catalog. */
export const CURRENCY = 'USD';
