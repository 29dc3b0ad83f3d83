import type { SeedContext } from '../../lib/module';
import './tables';

/**
 * Demo customers: three tiers and eight companies across 华东 with addresses and invoice
 * profiles. Sales reps are assigned later by the pricing seed (auth seeds the staff users after
 * this module).
 */
export async function seedCustomersDemo(ctx: SeedContext): Promise<void> {
  const db = ctx.database.db;
  const tierRefs = (ctx.refs.tiers ??= {});
  const tiers: [string, string, number, string][] = [
    ['T1', '一级经销商', 1200, '省级/市级代理，整箱起订'],
    ['T2', '二级分销', 800, '区县分销商'],
    ['T3', '零售终端', 0, '便利店、超市门店'],
  ];
  for (const [key, name, discountBp, notes] of tiers) {
    const r = await db.insertInto('customer_tiers').values({ name, discount_bp: discountBp, sort: Number(key.slice(1)), notes }).returning('id').executeTakeFirstOrThrow();
    tierRefs[key] = r.id;
  }
  // code, name, tier, contact, phone, province, city, district, address, terms, credit days, limit (yuan), tags
  const companies: [string, string, string, string, string, string, string, string, string, 'prepay' | 'cod' | 'credit', number, number, string[]][] = [
    ['C001', '上海百联便利连锁有限公司', 'T1', '刘芳', '021-63218800', '上海市', '上海市', '黄浦区', '南京东路 300 号 8 楼', 'credit', 30, 500_000, ['连锁', '重点客户']],
    ['C002', '杭州西湖食品商行', 'T2', '黄志明', '0571-87651234', '浙江省', '杭州市', '西湖区', '文三路 478 号', 'credit', 15, 100_000, ['批发']],
    ['C003', '苏州好邻居超市有限公司', 'T3', '陈静', '0512-65230011', '江苏省', '苏州市', '姑苏区', '人民路 1188 号', 'prepay', 0, 0, ['超市']],
    ['C004', '南京金陵酒水批发部', 'T2', '吴海涛', '025-84421166', '江苏省', '南京市', '秦淮区', '中华路 56 号', 'cod', 0, 0, ['酒水']],
    ['C005', '宁波海曙便民超市', 'T3', '徐丽', '0574-87334455', '浙江省', '宁波市', '海曙区', '中山西路 22 号', 'prepay', 0, 0, ['便利店']],
    ['C006', '合肥庐阳副食品经营部', 'T2', '马军', '0551-62657788', '安徽省', '合肥市', '庐阳区', '长江中路 99 号', 'prepay', 0, 0, []],
    ['C007', '无锡惠民连锁超市', 'T1', '钱伟', '0510-82713300', '江苏省', '无锡市', '梁溪区', '中山路 218 号', 'credit', 45, 300_000, ['连锁']],
    ['C008', '温州鹿城小卖部', 'T3', '林小红', '0577-88223344', '浙江省', '温州市', '鹿城区', '五马街 12 号', 'prepay', 0, 0, ['便利店']],
  ];
  const refs = (ctx.refs.companies ??= {});
  for (const [code, name, tier, contact, phone, province, city, district, address, terms, days, limitYuan, tags] of companies) {
    const r = await db
      .insertInto('companies')
      .values({
        code, name, tier_id: tierRefs[tier], contact_name: contact, contact_phone: phone, email: `${code.toLowerCase()}@dealer.example.cn`,
        province, city, district, address, payment_terms: terms, credit_days: days, credit_limit: limitYuan * 100, tags,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    refs[code] = r.id;
    await db.insertInto('company_addresses').values([
      { company_id: r.id, recipient: contact, phone, province, city, district, address: `${address}（总部仓）`, postcode: null, is_default: true },
      { company_id: r.id, recipient: `${contact.slice(0, 1)}店长`, phone, province, city, district, address: `${address.replace(/\d+ 号.*/, '')}门店收货口`, postcode: null, is_default: false },
    ]).execute();
    await db.insertInto('company_invoice_profiles').values({
      company_id: r.id, kind: tier === 'T1' ? 'special' : 'normal', title: name, tax_no: `91${String(310000 + r.id * 7919).padStart(6, '0')}MA1${code}XK`.slice(0, 18),
      bank_name: tier === 'T1' ? '中国工商银行上海分行' : null, bank_account: tier === 'T1' ? `6222 0210 0112 ${String(3000 + r.id)}` : null,
      address: tier === 'T1' ? `${province}${city}${district}${address}` : null, phone: tier === 'T1' ? phone : null, email: null,
    }).execute();
  }
}
