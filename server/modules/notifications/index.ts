import type { OrdoModule } from '../../lib/module';
import { notificationRoutes } from './routes';
import { emailHandler } from './mailer';
import { liveNotificationsHandler } from './live';
import { seedNotificationsDemo } from './seed';
import './tables';

/** Notifications: the in-app bell per user, and email copies sent through the outbox. */
export const notificationsModule: OrdoModule = { name: 'notifications', routes: notificationRoutes, outboxHandlers: (ctx) => [emailHandler(ctx), liveNotificationsHandler()], seedDemo: seedNotificationsDemo };
export { notify, NOTIFICATION_CREATED, NOTIFICATION_EMAIL, type NotifyInput } from './notify';
