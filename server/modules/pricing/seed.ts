import type { SeedContext } from '../../lib/module';
import type { Actor } from '../auth/actor';
import { updateCompany } from '../customers/companies';
import '../customers/tables';
import '../catalog/tables';
import './tables';

/**
 * Demo pricing (runs after auth and catalog): assigns the demo customers to the sales reps,
 * then creates tier price lists with quantity breaks, a customer contract list, a dated
 * promotion, a case-MOQ override and one product visible only to 一级经销商.
 */
export async function seedPricingDemo(ctx: SeedContext): Promise<void> {
  const db = ctx.database.db;
  const users = ctx.refs.users ?? {};
  const companies = ctx.refs.companies ?? {};
  const tiers = ctx.refs.tiers ?? {};
  const reps: [string, string[]][] = [
    ['sales', ['C001', 'C002', 'C003', 'C007']],
    ['sales2', ['C004', 'C005', 'C006', 'C008']],
  ];
  // through the customers module, as the admin would assign them on the customer page
  const admin: Actor | null = users.admin ? { userId: users.admin, login: 'admin', name: 'admin', role: 'admin', companyId: null, via: 'session', scopes: null } : null;
  for (const [login, codes] of reps) {
    const ids = codes.map((c) => companies[c]).filter((x): x is number => x != null);
    if (admin && users[login]) for (const id of ids) await updateCompany(db, admin, id, { salesRepId: users[login] });
  }

  const skus = await db.selectFrom('skus').select(['id', 'code', 'base_price', 'product_id']).where('active', '=', true).orderBy('id').limit(400).execute();
  if (!skus.length || !tiers.T1) return;
  const refs = (ctx.refs.priceLists ??= {});
  const mkList = async (key: string, name: string, v: { tier?: string; company?: string; from?: Date; to?: Date; notes?: string }) => {
    const r = await db
      .insertInto('price_lists')
      .values({
        name, kind: v.tier ? 'tier' : 'customer', tier_id: v.tier ? tiers[v.tier] : null, company_id: v.company ? companies[v.company] : null,
        valid_from: v.from ?? null, valid_to: v.to ?? null, notes: v.notes ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    refs[key] = r.id;
    return r.id;
  };
  const year = new Date().getUTCFullYear();
  const t1 = await mkList('T1', `一级经销商价目表 ${year}`, { tier: 'T1', from: new Date(Date.UTC(year, 0, 1) - 8 * 3600_000), notes: '整箱阶梯价' });
  const t2 = await mkList('T2', `二级分销价目表 ${year}`, { tier: 'T2', from: new Date(Date.UTC(year, 0, 1) - 8 * 3600_000) });
  const c1 = tiers.T1 && companies.C001 ? await mkList('C001', '百联便利 年度合同价', { company: 'C001', notes: '2026 年度框架协议' }) : null;
  const now = Date.now();
  const promo = await mkList('PROMO', '双十二 一级经销商促销', { tier: 'T1', from: new Date(now - 86_400_000), to: new Date(now + 14 * 86_400_000) });

  const items: { price_list_id: number; sku_id: number; min_qty: number; fixed_price: number | null; discount_bp: number | null }[] = [];
  const pct = (fen: number, bp: number) => Math.round((fen * (10_000 - bp)) / 10_000);
  skus.forEach((s, i) => {
    if (i % 2 === 0) {
      // tier 1: fixed prices with case breaks
      items.push({ price_list_id: t1, sku_id: s.id, min_qty: 1, fixed_price: pct(s.base_price, 1300), discount_bp: null });
      items.push({ price_list_id: t1, sku_id: s.id, min_qty: 24, fixed_price: pct(s.base_price, 1600), discount_bp: null });
      items.push({ price_list_id: t1, sku_id: s.id, min_qty: 120, fixed_price: pct(s.base_price, 2000), discount_bp: null });
    }
    if (i % 3 === 0) {
      items.push({ price_list_id: t2, sku_id: s.id, min_qty: 1, fixed_price: null, discount_bp: 900 });
      items.push({ price_list_id: t2, sku_id: s.id, min_qty: 48, fixed_price: null, discount_bp: 1100 });
    }
    if (c1 && i < 12) items.push({ price_list_id: c1, sku_id: s.id, min_qty: 1, fixed_price: pct(s.base_price, 1800), discount_bp: null });
    if (i < 6) items.push({ price_list_id: promo, sku_id: s.id, min_qty: 1, fixed_price: null, discount_bp: 2500 });
  });
  for (let k = 0; k < items.length; k += 1000) await db.insertInto('price_list_items').values(items.slice(k, k + 1000)).execute();
  // tier 1 orders the first SKUs by the case of 12
  await db.insertInto('price_list_moq').values(skus.slice(0, 4).map((s) => ({ price_list_id: t1, sku_id: s.id, moq: 12, order_multiple: 12 }))).execute();
  // the last product is exclusive to 一级经销商 and one named store
  const exclusive = skus[skus.length - 1].product_id;
  await db.insertInto('product_visibility').values({ product_id: exclusive, tier_id: tiers.T1, province: null, city: null, company_id: null }).execute();
  if (companies.C003) await db.insertInto('product_visibility').values({ product_id: exclusive, tier_id: null, province: null, city: null, company_id: companies.C003 }).execute();
}
