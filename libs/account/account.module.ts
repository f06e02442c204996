import { Global, Module } from '@nestjs/common';
import { ACTING_FOR_LOOKUP } from '../access/session-lookup.js';
import { AccountController, DelegationsController } from './account.controller.js';
import { AccountService } from './account.service.js';
import { DelegationsService } from './delegations.service.js';

/** My account: profile, password, sessions, acting delegates. Global: the AccessGuard asks ACTING_FOR_LOOKUP on X-Acting-For. */
@Global()
@Module({
  controllers: [AccountController, DelegationsController],
  providers: [AccountService, DelegationsService, { provide: ACTING_FOR_LOOKUP, useExisting: DelegationsService }],
  exports: [ACTING_FOR_LOOKUP],
})
export class AccountModule {}
