import { Global, Module } from '@nestjs/common';
import { AuditController, AuditService } from './audit.controller.js';
import { UnitOfWork } from './unit-of-work.js';

@Global()
@Module({ controllers: [AuditController], providers: [AuditService, UnitOfWork], exports: [UnitOfWork] })
export class AuditModule {}
