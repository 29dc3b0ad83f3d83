import { sql } from 'kysely';
import type { SeedContext } from '../../lib/module';
import { AppError } from '../../lib/errors';
import type { Actor } from '../auth/actor';
import { getCustomerTerms } from '../customers';
import { visibleSkuIds } from '../pricing';
import { applyMovements } from '../inventory/stock';
import { createWarehouse } from '../inventory/warehouses';
import { skuFacts } from '../orders/orderable';
import { cartOwner } from './cart';
import { submitCart } from './checkout';
import { addCandidates } from './quick';
import { saveDraft, saveTemplate } from './saved';
import '../inventory/tables';

/**
 * Demo carts and orders, made through the cart's own functions: orders of 张伟 (buyer, C001)
 * and 周敏 (buyer2, C002), one order 王磊 (sales) placed for C003 on their behalf, a template,
 * a draft and a cart with a few lines waiting. When no module has put stock in a warehouse
 * yet, an opening stock is received first (through the inventory ledger) so the demo can order.
 */
export async function seedCartDemo(ctx: SeedContext): Promise<void> {
  const db = ctx.database.db;
  const users = ctx.refs.users ?? {};
  const companies = ctx.refs.companies ?? {};
  const skuRefs = Object.values(ctx.refs.skus ?? {});
  if (!users.buyer || !companies.C001 || skuRefs.length === 0) return;

  const stocked = await db.selectFrom('stock_levels').select('sku_id').where('on_hand', '>', 0).limit(1).executeTakeFirst();
  if (!stocked) {
    const wh = (await db.selectFrom('warehouses').select('id').where('active', '=', true).orderBy('priority').executeTakeFirst())
      ?? (await createWarehouse(db, { userId: users.admin ?? users.buyer, login: 'admin', name: 'admin', role: 'admin', companyId: null, via: 'session', scopes: null },
        { code: 'SH01', name: '上海总仓', address: '上海市嘉定区安亭镇墨玉路 88 号', provinces: ['上海市', '江苏省', '浙江省', '安徽省'], priority: 10, active: true }));
    // Every 13th SKU is left out of stock, as in any real warehouse. Batches of 50 keep each statement small.
    const receipts = skuRefs.filter((_, i) => i % 13 !== 5).map((skuId, i) => ({
      skuId, warehouseId: wh.id, type: 'receipt' as const, qty: 200 + ((i * 37) % 600), documentType: 'opening', documentId: null, documentNo: null, reason: '期初库存 / opening stock',
    }));
    for (let i = 0; i < receipts.length; i += 50) await db.transaction().execute((trx) => applyMovements(trx, null, receipts.slice(i, i + 50)));
  }

  const actorOf = async (login: string): Promise<Actor | null> => {
    const u = await db.selectFrom('users').select(['id', 'login', 'name', 'role', 'company_id']).where('login', '=', login).executeTakeFirst();
    return u ? { userId: u.id, login: u.login, name: u.name, role: u.role, companyId: u.company_id, via: 'session', scopes: null } : null;
  };
  const orderable = async (companyId: number) => {
    const ids = [...(await visibleSkuIds(db, companyId, skuRefs))];
    const facts = await skuFacts(db, ids);
    const stock = await sql<{ sku_id: number }>`select sku_id from stock_levels where on_hand - reserved > 100 and sku_id = any(${ids}::bigint[])`.execute(db);
    const inStock = new Set(stock.rows.map((r) => Number(r.sku_id)));
    return ids.filter((id) => facts.get(id)?.onShelf && inStock.has(id)).sort((a, b) => a - b);
  };
  const fill = async (actor: Actor, customerId: number | undefined, skuIds: number[], qtys: number[]) => {
    const o = await cartOwner(db, actor, customerId);
    const facts = await skuFacts(db, skuIds);
    // Cases where the SKU has them (a dealer orders by the case), single units otherwise.
    await addCandidates(db, o, skuIds.map((skuId, i) => {
      const f = facts.get(skuId)!;
      const caseUnit = f.units.find((u) => u.factor > 1);
      return { row: i + 1, skuId, qty: caseUnit ? Math.max(1, Math.ceil(qtys[i % qtys.length]! / caseUnit.factor)) : qtys[i % qtys.length]!, unit: caseUnit?.unit ?? f.baseUnit };
    }), 'reorder', 'zh-CN');
    return o;
  };
  const submit = async (actor: Actor, customerId: number | undefined, note: string | null) => {
    const o = await cartOwner(db, actor, customerId);
    const address = await db.selectFrom('company_addresses').select('id').where('company_id', '=', o.companyId).orderBy('is_default', 'desc').executeTakeFirst();
    if (!address) return;
    const terms = await getCustomerTerms(db, o.companyId);
    try {
      await submitCart(db, actor, o, { addressId: address.id, note, invoiceType: 'none', paymentMethod: terms.paymentTerms === 'credit' ? 'credit' : terms.paymentTerms === 'cod' ? 'cod' : 'transfer' },
        `demo-${o.companyId}-${o.userId}-${Date.now()}-${Math.random()}`, { timeZone: ctx.timeZone, locale: 'zh-CN' });
    } catch (e) {
      if (!(e instanceof AppError)) throw e; // a demo order that cannot be placed is skipped, never half-written
    }
  };

  const buyer = await actorOf('buyer');
  if (buyer) {
    const skus = await orderable(companies.C001);
    await fill(buyer, undefined, skus.slice(0, 4), [48, 24, 36, 12]);
    await submit(buyer, undefined, '周末前送到，谢谢');
    await fill(buyer, undefined, [skus[0]!, skus[4]!, skus[5]!].filter(Boolean), [24, 60, 12]);
    await submit(buyer, undefined, null);
    const o = await fill(buyer, undefined, skus.slice(0, 6), [24, 24, 12, 12, 6, 6]);
    await saveTemplate(db, o, '每周常规补货');
    await saveDraft(db, o, '春节备货（待确认）');
    await fill(buyer, undefined, [skus[1]!, skus[6]!, skus[7]!].filter(Boolean), [24, 12, 6]);
  }
  const buyer2 = await actorOf('buyer2');
  if (buyer2 && companies.C002) {
    const skus = await orderable(companies.C002);
    await fill(buyer2, undefined, skus.slice(10, 13), [24, 48, 12]);
    await submit(buyer2, undefined, null);
  }
  const sales = await actorOf('sales');
  if (sales && companies.C003) {
    const skus = await orderable(companies.C003);
    await fill(sales, companies.C003, skus.slice(20, 23), [36, 24, 24]);
    await submit(sales, companies.C003, '电话下单，业务员代下');
  }
}
