import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { DigestSweepHandler } from './digest-sweep.handler.js';
import { DigestRenderer } from './digest.renderer.js';

/** Worker side of digests: the weekly sweep and the digest email. */
@Module({ imports: [NotificationsModule], providers: [DigestSweepHandler, DigestRenderer] })
export class DigestsModule {}
