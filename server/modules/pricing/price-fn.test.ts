import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { resolvePrices } from './resolve';
import { skuFacts } from '../orders/orderable';

/**
 * Order submission prices lines in the database (pricing_price_skus, issue 20): it must agree
 * with resolvePrices — unit price, the frozen rule (detail text included), MOQ and multiple —
 * on random lists, validity windows, quantity breaks, discounts and MOQ overrides.
 */
let t: TestApp;
let skuIds: number[];
let gold: number;

beforeAll(async () => {
  t = await createTestApp();
  const cat = await seedCatalogFixtures(t.database);
  skuIds = [cat.skus['WATER-550']!, cat.skus['COLA-330']!, cat.skus['JUICE-1L']!];
  gold = (await t.db.insertInto('customer_tiers').values({ name: '一级经销商', discount_bp: 0 }).returning('id').executeTakeFirstOrThrow()).id;
  await t.db.updateTable('companies').set({ tier_id: gold }).where('id', '=', t.fx.companyA).execute();
});
afterAll(() => t.close());

type Row = { sku_id: number; unit_price: number; base_price: number; moq: number; order_multiple: number; rule: unknown; visible: boolean; on_shelf: boolean };

describe('pricing_price_skus agrees with resolvePrices', () => {
  it('on random lists, dates, breaks, discounts and MOQ overrides', async () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    let compared = 0;
    for (let round = 0; round < 12; round++) {
      await t.db.deleteFrom('price_lists').execute();
      await t.db.deleteFrom('product_visibility').execute();
      for (const sku of skuIds.filter(() => rnd(3) === 0)) {
        const p = await t.db.selectFrom('skus').select('product_id').where('id', '=', sku).executeTakeFirstOrThrow();
        const which = rnd(3);
        await t.db.insertInto('product_visibility').values({ product_id: p.product_id, tier_id: which === 0 ? gold : null, company_id: which === 1 ? t.fx.companyB : null, province: which === 2 ? '浙江省' : null, city: null }).execute();
      }
      await t.db.updateTable('customer_tiers').set({ discount_bp: rnd(3) ? rnd(3000) : 0 }).where('id', '=', gold).execute();
      for (let l = 0; l < 4; l++) {
        const kind = rnd(2) ? 'tier' : 'customer';
        const from = rnd(3) ? new Date(Date.now() - (1 + rnd(100)) * 86_400_000) : null;
        const pl = await t.db.insertInto('price_lists').values({
          name: `r${round}-${l}`, kind, tier_id: kind === 'tier' ? gold : null, company_id: kind === 'customer' ? t.fx.companyA : null,
          valid_from: from, valid_to: rnd(4) ? null : new Date(Date.now() + (rnd(2) ? 1 : -0.5) * 86_400_000), active: rnd(5) > 0, notes: null,
        }).returning('id').executeTakeFirstOrThrow();
        for (const sku of skuIds) {
          if (rnd(3) === 0) continue;
          for (const minQty of [1, 10, 50].filter(() => rnd(2) === 0)) {
            const fixed = rnd(2) === 0;
            await t.db.insertInto('price_list_items').values({ price_list_id: pl.id, sku_id: sku, min_qty: minQty, fixed_price: fixed ? 100 + rnd(500) - minQty : null, discount_bp: fixed ? null : rnd(10_001) }).execute();
          }
          if (rnd(3) === 0) await t.db.insertInto('price_list_moq').values({ price_list_id: pl.id, sku_id: sku, moq: 1 + rnd(20), order_multiple: 1 + rnd(6) }).execute();
        }
      }
      const qtys = skuIds.map(() => [1, 9, 10, 49, 50, 120][rnd(6)]!);
      const at = new Date();
      const m = await resolvePrices(t.db, t.fx.companyA, skuIds.map((skuId, i) => ({ skuId, qty: qtys[i]! })), at);
      const { rows } = await sql<Row>`select * from pricing_price_skus(${t.fx.companyA}, ${skuIds}::bigint[], ${qtys}::int[], ${at}::timestamptz)`.execute(t.db);
      expect(rows).toHaveLength(skuIds.length);
      const facts = await skuFacts(t.db, skuIds, t.fx.companyA);
      for (const r of rows) {
        const want = m.get(Number(r.sku_id))!;
        const got = { unitPrice: Number(r.unit_price), basePrice: Number(r.base_price), moq: r.moq, orderMultiple: r.order_multiple, rule: r.rule };
        expect(got, `round ${round} sku ${r.sku_id}`).toEqual({ unitPrice: want.unitPrice, basePrice: want.basePrice, moq: want.moq, orderMultiple: want.orderMultiple, rule: want.rule });
        expect({ visible: r.visible, onShelf: r.on_shelf }).toEqual({ visible: facts.get(Number(r.sku_id))!.visible, onShelf: facts.get(Number(r.sku_id))!.onShelf });
        compared++;
      }
    }
    expect(compared).toBe(36);
  });
});
