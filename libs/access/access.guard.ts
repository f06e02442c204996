import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/errors.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one global guard every route passes. Until sign-in exists (the workflow issue replaces
 * this guard with role- and organisation-based authorisation), reads are open and every write
 * is refused as unauthenticated.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (READ_METHODS.has(request.method)) return true;
    throw new AppError('UNAUTHENTICATED', 'Sign-in is required for changes, and sign-in is not available yet: the API is read-only');
  }
}
