import { Module } from '@nestjs/common';
import { AccountEmailRenderer } from './account-email.renderer.js';
import { ProductionAccountsCheck } from './production-check.js';

/**
 * Worker side of users: the invitation and password-reset emails (they make their one-time token as
 * they are sent), and the production check on demo accounts.
 */
@Module({ providers: [AccountEmailRenderer, ProductionAccountsCheck] })
export class UsersWorkerModule {}
