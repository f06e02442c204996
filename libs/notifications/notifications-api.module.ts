import { Module } from '@nestjs/common';
import { FailedNotificationsController, FailedNotificationsService } from './failed-notifications.js';
import { NotificationLedger } from './ledger.js';
import { NotificationPreferencesController, NotificationPreferencesService } from './notification-preferences.js';

/** API side of notifications: each user's preferences, and failed sends for admins. The worker sends. */
@Module({
  controllers: [NotificationPreferencesController, FailedNotificationsController],
  providers: [NotificationPreferencesService, FailedNotificationsService, NotificationLedger],
})
export class NotificationsApiModule {}
