import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { DigestSweepHandler } from './digest-sweep.handler.js';

/** Worker side of digests. */
@Module({ imports: [NotificationsModule], providers: [DigestSweepHandler] })
export class DigestsModule {}
