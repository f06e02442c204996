import { Module } from '@nestjs/common';
import { ProgrammeSetupController } from './programme-setup.controller.js';
import { ProgrammeSetupService } from './programme-setup.service.js';

/** Setting up programmes: create, edit and copy a programme and its structure. */
@Module({ controllers: [ProgrammeSetupController], providers: [ProgrammeSetupService] })
export class ProgrammeSetupModule {}
