import { z } from 'zod';
import type { OrdoModule } from '../../lib/module';
import { errors, page, pageQuery } from '../../lib/schemas';
import { paginate } from '../../lib/pagination';
import './audit';
import './settings';
import './outbox';
import './idempotency';
import './live-bus';
import { sweepRateLimits } from './rate-limits';
import { setSetting } from './settings';
import { SUPPLIER_SETTING, supplierRoutes } from './supplier';
import { sql } from 'kysely';

/** Platform: audit log reading; the outbox, settings and idempotency helpers live beside it. */
export const platformModule: OrdoModule = {
  name: 'platform',
  jobs: ({ database }) => [
    // Ended rate-limit windows and large live messages already read (every process may run it).
    {
      name: 'platform.sweep',
      everyMs: 10 * 60_000,
      run: async () => {
        await sweepRateLimits(database.db);
        await sql`delete from live_payloads where created_at < now() - interval '10 minutes'`.execute(database.db);
      },
    },
  ],
  // the demo supplier's name (a supplier without the demo sets its own in the console)
  seedDemo: async ({ database }) => setSetting(database.db, SUPPLIER_SETTING, { name: '华东鲜达食品饮料有限公司' }),
  routes(app, { database }) {
    supplierRoutes(app, database.db);
    app.get('/audit-log', {
      schema: {
        tags: ['platform'],
        querystring: pageQuery.extend({ entityType: z.string().max(64).optional(), entityId: z.string().max(64).optional(), actorUserId: z.coerce.number().int().positive().optional() }),
        response: {
          200: page(z.object({ id: z.number(), at: z.date(), actorUserId: z.number().nullable(), actorLabel: z.string().nullable(), action: z.string(), entityType: z.string(), entityId: z.string().nullable(), before: z.unknown(), after: z.unknown() })),
          ...errors,
        },
      },
      config: { permission: 'audit.read' },
    }, async (req) => {
      let q = database.db
        .selectFrom('audit_log')
        .select(['id', 'at', 'actor_user_id as actorUserId', 'actor_label as actorLabel', 'action', 'entity_type as entityType', 'entity_id as entityId', 'before', 'after']);
      if (req.query.entityType) q = q.where('entity_type', '=', req.query.entityType);
      if (req.query.entityId) q = q.where('entity_id', '=', req.query.entityId);
      if (req.query.actorUserId) q = q.where('actor_user_id', '=', req.query.actorUserId);
      return paginate(q.orderBy('id', 'desc'), req.query);
    });
  },
};
