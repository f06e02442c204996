import { Module } from '@nestjs/common';
import { ReminderPolicyController } from './reminder-policy.controller.js';
import { ReminderPolicyService } from './reminder-policy.service.js';

/** API side of reminders: reading and setting programmes' reminder policies. The sweep runs in the worker (RemindersModule). */
@Module({ controllers: [ReminderPolicyController], providers: [ReminderPolicyService] })
export class ReminderPolicyModule {}
