import type { ExecutionContext } from '@nestjs/common';
import { AppError } from '../common/errors.js';
import { AccessGuard } from './access.guard.js';

const contextFor = (method: string) =>
  ({ switchToHttp: () => ({ getRequest: () => ({ method }) }) }) as unknown as ExecutionContext;

describe('AccessGuard (until sign-in exists)', () => {
  const guard = new AccessGuard();

  it.each(['GET', 'HEAD', 'OPTIONS'])('lets %s through', (method) => {
    expect(guard.canActivate(contextFor(method))).toBe(true);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('refuses %s as unauthenticated', (method) => {
    let error: unknown;
    try {
      guard.canActivate(contextFor(method));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect([(error as AppError).code, (error as AppError).status]).toEqual(['UNAUTHENTICATED', 401]);
  });
});
