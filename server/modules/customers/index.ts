import type { OrdoModule } from '../../lib/module';
import type { SeedContext } from '../../lib/module';
import './tables';

/** Demo customer companies; the customers issue adds tiers, addresses, terms and the rest. */
async function seedCustomersDemo(ctx: SeedContext): Promise<void> {
  const companies: [string, string][] = [
    ['C001', '上海百联便利连锁有限公司'],
    ['C002', '杭州西湖食品商行'],
    ['C003', '苏州好邻居超市有限公司'],
    ['C004', '南京金陵酒水批发部'],
    ['C005', '宁波海曙便民超市'],
  ];
  const refs = (ctx.refs.companies ??= {});
  for (const [code, name] of companies) {
    const r = await ctx.database.db.insertInto('companies').values({ code, name }).returning('id').executeTakeFirstOrThrow();
    refs[code] = r.id;
  }
}

export const customersModule: OrdoModule = { name: 'customers', seedDemo: seedCustomersDemo };
