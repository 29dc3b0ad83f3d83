import type { SeedContext } from '../../lib/module';
import { notify } from './notify';

/** A welcome message in every demo user's bell, so the bell has something to show. */
export async function seedNotificationsDemo(ctx: SeedContext): Promise<void> {
  await ctx.database.db.transaction().execute(async (trx) => {
    await notify(trx, { kind: 'welcome', roles: ['admin', 'sales', 'warehouse', 'finance'], title: '欢迎使用 Ordo 订货系统', body: '订单、库存预警、付款等消息会出现在这里，重要消息同时发送邮件。', link: '/admin' });
    for (const companyId of Object.values(ctx.refs.companies ?? {})) {
      await notify(trx, { kind: 'welcome', companyId, title: '欢迎使用在线订货', body: '订单状态变化、发货和到账通知会出现在这里。', link: '/' });
    }
  });
}
