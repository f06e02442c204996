import { Module } from '@nestjs/common';
import { OrganisationsController, OrganisationsService } from './organisations.controller.js';

@Module({ controllers: [OrganisationsController], providers: [OrganisationsService] })
export class OrganisationsModule {}
