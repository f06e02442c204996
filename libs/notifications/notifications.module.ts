import { Module } from '@nestjs/common';
import { NotificationLedger } from './ledger.js';
import { NotificationSendHandler } from './notification-send.handler.js';

/** Worker side of notifications: the ledger and the send job. */
@Module({ providers: [NotificationLedger, NotificationSendHandler], exports: [NotificationLedger] })
export class NotificationsModule {}
