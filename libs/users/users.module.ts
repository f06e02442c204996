import { Module } from '@nestjs/common';
import { NotificationLedger } from '../notifications/ledger.js';
import { AccountLinksService } from './account-links.service.js';
import { ProductionAccountsCheck } from './production-check.js';
import { UserAdminService } from './user-admin.service.js';
import { UserDirectoryService } from './user-directory.service.js';
import { AccountLinksController, UsersController } from './users.controller.js';

/** Users: the admin's and ministry contacts' account management, the directory for pickers, invitation and reset links. */
@Module({
  controllers: [UsersController, AccountLinksController],
  providers: [UserDirectoryService, UserAdminService, AccountLinksService, NotificationLedger, ProductionAccountsCheck],
})
export class UsersModule {}
