import { Module } from '@nestjs/common';
import { ConfigModule } from '../../../libs/config/index.js';
import { DatabaseModule } from '../../../libs/database/index.js';
import { RedisModule } from '../../../libs/queue/index.js';

/** The worker process: a Nest application context with no HTTP server. BullMQ processors live here. */
@Module({ imports: [ConfigModule, DatabaseModule, RedisModule] })
export class WorkerModule {}
