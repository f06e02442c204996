import { Module } from '@nestjs/common';
import { InboxController } from './inbox.controller.js';
import { InboxService } from './inbox.service.js';

/** The signed-in user's notifications (the ledger's rows addressed to them). */
@Module({ controllers: [InboxController], providers: [InboxService] })
export class InboxModule {}
