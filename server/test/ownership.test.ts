import { describe, expect, it } from 'vitest';
import { crossReads, crossWrites, dependencyCycles, moduleImports, moduleSources, tableOwners, twoWayImports, type TableUse } from './ownership';

/**
 * Modules own their tables (docs/CONVENTIONS.md): a module writes only the tables its migrations
 * create; what others need it exports as functions. This test reads every module's source and
 * fails on a write to another module's table; it lists cross-module reads against the allow-list
 * below (each with its reason), and fails when two modules depend on each other at run time.
 */

/**
 * Writes to another module's table that stay, with why: none. The demo seeds, the last to write
 * others' tables, go through the owners' functions (customers' updateCompany, inventory's
 * createWarehouse, orders' insertDemoSubmittedOrder). An entry here must be a demo seed and name a
 * write that still exists.
 */
const WRITE_EXCEPTIONS: { file: string; table: string; reason: string }[] = [];

/** Cross-module reads, by reader → owner, with the tables read and why the read is not a function call. */
const READS: Record<string, { tables: string[]; reason: string }> = {
  'aftersales->auth': { tables: ['users'], reason: 'who to notify about a request (the order\'s buyer, the customer\'s admins)' },
  'aftersales->customers': { tables: ['companies'], reason: 'a request is scoped like its order: the customer\'s sales rep, read with the locked request' },
  'aftersales->inventory': { tables: ['warehouses'], reason: 'the warehouse an inspection puts returned goods into must exist (checked before the stock movement)' },
  'aftersales->orders': { tables: ['orders'], reason: 'a request shows and is scoped by its order (number, company, buyer)' },
  'auth->customers': { tables: ['companies'], reason: 'a customer user must belong to an existing company (checked in the same query as the user); its name may not be in the user\'s password' },
  'cart->auth': { tables: ['users'], reason: 'buyer names and spending limits on saved carts and on-behalf carts' },
  'cart->catalog': { tables: ['products', 'skus'], reason: 'cart lines join the live SKU and product (name, unit, status) in one query' },
  'cart->customers': { tables: ['companies', 'company_addresses'], reason: 'the checkout preview reads the customer and its addresses in one statement' },
  'cart->inventory': { tables: ['stock_levels', 'warehouses'], reason: 'stock shown beside cart lines (read model of stock levels)' },
  'cart->orders': { tables: ['order_lines', 'orders'], reason: 'reorder: a past order\'s lines become cart lines' },
  'catalog->orders': { tables: ['order_lines', 'orders'], reason: 'popularity sort and "ordered before" in the portal catalog' },
  'catalog->pricing': { tables: ['price_lists'], reason: 'the catalog list joins the customer\'s price list for the price shown' },
  'customers->auth': { tables: ['users'], reason: 'a company\'s users (buyers) listed with it and their spending limits' },
  'customers->pricing': { tables: ['price_lists', 'product_visibility'], reason: 'a company\'s price list and visibility rules shown on the customer page' },
  'fairs->catalog': { tables: ['products', 'skus'], reason: 'a fair\'s items, bookings and board name their SKUs and products in the same query' },
  'fairs->customers': { tables: ['companies', 'company_addresses'], reason: 'invitation by tier, the board by customer and region, and the delivery address a converted booking\'s order goes to' },
  'fairs->inventory': { tables: ['warehouses'], reason: 'a conversion batch for a warehouse takes the customers of the provinces it serves' },
  'fairs->orders': { tables: ['orders'], reason: 'a booking shows the number and status of the delivery orders made from it' },
  'inventory->auth': { tables: ['users'], reason: 'names of the people on stock documents and stocktakes' },
  'inventory->catalog': { tables: ['categories', 'products', 'skus'], reason: 'stock pages list SKUs with product names and categories in one query' },
  'inventory->customers': { tables: ['companies'], reason: 'the customer\'s province picks the serving warehouse at reservation' },
  'inventory->orders': { tables: ['order_lines', 'orders'], reason: 'the stock ledger names the order of a reservation; replenishment counts open demand' },
  'marketing->catalog': { tables: ['categories', 'products', 'skus'], reason: 'promotion scopes match a line by SKU, brand and category (with its ancestors) in the one statement that loads what runs; gift SKUs named' },
  'marketing->customers': { tables: ['companies', 'customer_tiers'], reason: 'a promotion\'s audience is matched on the customer\'s tier and region; coupons are issued to a tier\'s customers; a rebate rule\'s tiers must exist' },
  'marketing->orders': { tables: ['orders'], reason: 'a refund gives back the part of the rebate and points the order deducted: the refund\'s share of the order\'s total; the statement names the order of a rebate or points movement by its number' },
  'marketing->platform': { tables: ['settings'], reason: 'the rebate and points caps (marketing.funds) read in the one statement that loads what the cart may use' },
  'notifications->auth': { tables: ['users'], reason: 'recipients\' e-mail and locale' },
  'orders->auth': { tables: ['users'], reason: 'buyer and placed-by names on order lists and detail' },
  'orders->catalog': { tables: ['products', 'sku_units', 'skus'], reason: 'submission freezes SKU, product and selling unit into the order lines in one statement' },
  'orders->customers': { tables: ['companies', 'company_addresses'], reason: 'the order row locked together with its customer\'s terms; the delivery address frozen at submission' },
  'orders->inventory': { tables: ['reservations', 'stock_levels', 'warehouses'], reason: 'the review queue flags orders not fully reserved or at safety stock' },
  'orders->platform': { tables: ['settings'], reason: 'the workflow settings read inside the submission statement' },
  'payments->auth': { tables: ['users'], reason: 'who recorded and who confirmed a payment' },
  'payments->catalog': { tables: ['products', 'skus'], reason: 'statement lines name what was ordered' },
  'payments->customers': { tables: ['companies', 'customer_tiers'], reason: 'accounts listed with the customer\'s name, terms and tier' },
  'payments->orders': { tables: ['orders'], reason: 'amounts and status of the order being paid, charged or refunded; statements and aging' },
  'pricing->catalog': { tables: ['products', 'skus'], reason: 'price resolution joins SKU base price and product in one statement' },
  'pricing->customers': { tables: ['companies', 'customer_tiers'], reason: 'the customer\'s tier picks its price list' },
  'recommendations->catalog': { tables: ['skus'], reason: 'a product page\'s recommendations start from the SKUs of that product' },
  'recommendations->customers': { tables: ['companies'], reason: 'the call list names a rep\'s customers and contacts; "customers like you" groups companies by tier and province' },
  'recommendations->orders': { tables: ['order_lines', 'orders'], reason: 'the reorder model learns from the customer\'s received order lines; the due list skips SKUs an open order already carries' },
  'quotes->auth': { tables: ['users'], reason: 'the negotiation thread names who wrote each message' },
  'quotes->catalog': { tables: ['products', 'skus'], reason: 'a quote\'s lines name their SKU and product in the same query as the prices' },
  'quotes->customers': { tables: ['companies'], reason: 'a quote is scoped like its customer (the sales rep) and names it on lists and notices' },
  'reports->auth': { tables: ['users'], reason: 'sales by rep' },
  'reports->catalog': { tables: ['brands', 'categories', 'products', 'skus'], reason: 'analytics group the SKU rollups by category and brand and name SKUs (issue 17)' },
  'reports->customers': { tables: ['companies', 'customer_tiers'], reason: 'sales by customer, tier, region and rep; a rep\'s customers scope every report' },
  'reports->inventory': { tables: ['purchase_order_lines', 'stock_levels', 'warehouses'], reason: 'stock reports: stock on hand now, valued at the average received purchase cost' },
  'reports->orders': { tables: ['order_lines', 'orders'], reason: 'reports are read models over orders' },
  'shipping->customers': { tables: ['companies'], reason: 'the delivery note prints the customer' },
  'shipping->inventory': { tables: ['reservations', 'warehouses'], reason: 'a shipment leaves from a warehouse that holds the order\'s reservation' },
  'shipping->orders': { tables: ['order_lines', 'orders'], reason: 'shipment lines name the order lines they ship; pick lists and delivery notes print them' },
};

const owners = tableOwners();
const sources = moduleSources();
const allWrites = sources.flatMap(([m, file, src]) => crossWrites(m, file, src, owners));
const allReads = sources.flatMap(([m, file, src]) => crossReads(m, file, src, owners));
const fmt = (u: TableUse) => `${u.file}:${u.line} ${u.module} → ${u.owner}.${u.table} (${u.how})`;

describe('modules own their tables', () => {
  it('knows who owns the tables (every table created by exactly one module)', () => {
    expect(owners.get('orders')).toBe('orders');
    expect(owners.get('order_lines')).toBe('orders');
    expect(owners.get('users')).toBe('auth');
    expect(owners.get('customer_accounts')).toBe('payments');
    expect(owners.size).toBeGreaterThan(50);
  });

  it('no module writes another module\'s table (except the demo seeds listed, each with its reason)', () => {
    const excepted = (u: TableUse) => WRITE_EXCEPTIONS.some((e) => e.file === u.file && e.table === u.table);
    expect(allWrites.filter((u) => !excepted(u)).map(fmt)).toEqual([]);
    for (const e of WRITE_EXCEPTIONS) {
      expect(e.file, 'only demo seeds may be excepted').toMatch(/\/seed(-[a-z]+)?\.ts$/);
      expect(allWrites.some((u) => u.file === e.file && u.table === e.table), `stale exception ${e.file} ${e.table}`).toBe(true);
    }
  });

  it('the check fails on a planted cross-module write (Kysely and raw SQL)', () => {
    const planted = [
      'export async function sneaky(trx) {',
      "  await trx.updateTable('orders').set({ paid_total: 1 }).where('id', '=', 1).execute();",
      '  await sql`update order_lines set shipped_qty = shipped_qty + 1 where id = ${1}`.execute(trx);',
      "  await trx.insertInto('users').values({ login: 'x' }).execute();",
      '  await sql`delete from reservations where order_id = 1`.execute(trx);',
      "  await trx.updateTable('payments').set({ status: 'succeeded' }).execute(); // its own table: fine",
      '  // a comment that says: update orders set status = 1',
      '}',
    ].join('\n');
    const found = crossWrites('payments', 'server/modules/payments/planted.ts', planted, owners);
    expect(found.map((u) => [u.line, u.owner, u.table])).toEqual([
      [2, 'orders', 'orders'], [4, 'auth', 'users'], [3, 'orders', 'order_lines'], [5, 'inventory', 'reservations'],
    ]);
    // the same source in orders is fine for orders' own tables
    expect(crossWrites('orders', 'server/modules/orders/planted.ts', planted, owners).map((u) => u.table).sort()).toEqual(['payments', 'reservations', 'users']);
  });

  it('cross-module reads stay within the allow-list (each with a reason); anything new is reported', () => {
    const byPair = new Map<string, Set<string>>();
    for (const u of allReads) {
      const k = `${u.module}->${u.owner}`;
      byPair.set(k, (byPair.get(k) ?? new Set()).add(u.table));
    }
    const unlisted = allReads.filter((u) => !READS[`${u.module}->${u.owner}`]?.tables.includes(u.table));
    if (unlisted.length) {
      console.warn(`cross-module reads not in the allow-list of server/test/ownership.test.ts (add them with a reason, or call the owner's function):\n${unlisted.map(fmt).join('\n')}`);
    }
    for (const [k, v] of Object.entries(READS)) {
      expect(v.reason.length, k).toBeGreaterThan(10);
      expect(byPair.has(k), `allow-list entry ${k} is no longer used: remove it`).toBe(true);
    }
    // the report works: a planted read of another module's table is found
    expect(crossReads('shipping', 'x.ts', "db.selectFrom('customer_accounts').selectAll()", owners).map((u) => u.owner)).toEqual(['payments']);
  });
});

describe('module dependencies', () => {
  it('no two modules depend on each other at run time, directly or through others', () => {
    const deps = moduleImports();
    expect(deps.get('payments')?.has('orders')).toBe(true); // payments reports money to orders
    expect(twoWayImports(deps)).toEqual([]);
    expect(dependencyCycles(deps)).toEqual([]);
    // the check sees a planted cycle
    const planted = new Map([...deps].map(([k, v]) => [k, new Set(v)]));
    planted.get('orders')!.add('payments');
    expect(twoWayImports(planted)).toEqual([['orders', 'payments']]);
    expect(dependencyCycles(planted).some((g) => g.includes('orders') && g.includes('payments'))).toBe(true);
  });
});
