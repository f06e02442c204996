import { Module } from '@nestjs/common';
import { SubProjectsController } from './sub-projects.controller.js';
import { SubProjectsService } from './sub-projects.service.js';

@Module({ controllers: [SubProjectsController], providers: [SubProjectsService], exports: [SubProjectsService] })
export class SubProjectsModule {}
