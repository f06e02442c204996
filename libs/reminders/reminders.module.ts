import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ReminderSweepHandler } from './reminder-sweep.handler.js';

/** Worker side of reminders: the daily sweep and escalations. */
@Module({ imports: [NotificationsModule], providers: [ReminderSweepHandler] })
export class RemindersModule {}
