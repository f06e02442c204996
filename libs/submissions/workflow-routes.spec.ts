import 'reflect-metadata';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { ACCESS_POLICY, type AccessPolicy } from '../access/policy.js';
import type { StateMachine, TransitionRecord } from '../common/state-machine.js';
import { gateConditionMachine, gateReviewMachine } from '../gates/gate-review.machine.js';
import { GateConditionsController, GateReviewsController } from '../gates/gates.controller.js';
import { submissionMachine } from './submission.machine.js';
import { SubmissionsController } from './submissions.controller.js';

type AnyMachine = StateMachine<string, string, TransitionRecord<string, any>>;

/** Each workflow's routes: the path (under its controller) that takes each transition. */
const WORKFLOWS: { name: string; controller: object; machine: AnyMachine; paths: Record<string, string> }[] = [
  {
    name: 'submission', controller: SubmissionsController, machine: submissionMachine as unknown as AnyMachine,
    paths: { submit: ':id/submit', approve: ':id/approve', send_back: ':id/send-back', accept: ':id/accept', return: ':id/return', revise: ':id/revise' },
  },
  { name: 'gate review', controller: GateReviewsController, machine: gateReviewMachine as unknown as AnyMachine, paths: { score: ':id/scores', decide: ':id/decision' } },
  { name: 'gate condition', controller: GateConditionsController, machine: gateConditionMachine as unknown as AnyMachine, paths: { close: ':id/close', waive: ':id/waive' } },
];

/** The roles of the `@Allow` on the controller's handler for `path` (a POST or PUT), by reading Nest's route metadata. */
function allowedOn(controller: object, path: string): string[] {
  const proto = (controller as { prototype: Record<string, unknown> }).prototype;
  const handlers = Object.getOwnPropertyNames(proto)
    .map((name) => proto[name])
    .filter((fn): fn is (...args: unknown[]) => unknown => typeof fn === 'function' && Reflect.getMetadata(PATH_METADATA, fn) === path)
    .filter((fn) => [RequestMethod.POST, RequestMethod.PUT].includes(Reflect.getMetadata(METHOD_METADATA, fn)));
  expect(handlers).toHaveLength(1);
  const policy: AccessPolicy = Reflect.getMetadata(ACCESS_POLICY, handlers[0]);
  expect(policy.kind).toBe('roles');
  return policy.kind === 'roles' ? [...policy.roles].sort() : [];
}

describe.each(WORKFLOWS)('$name workflow: each transition record agrees with its route', ({ controller, machine, paths }) => {
  it('has a route for every transition and no route for a transition it does not have', () => {
    expect(machine.records().map((r) => r.transition).sort()).toEqual(Object.keys(paths).sort());
  });

  it.each(Object.entries(paths))('%s: the record\'s roles are the route\'s @Allow', (transition, path) => {
    const record = machine.record(transition);
    expect(record.by).toBeDefined();
    expect([...record.by!].sort()).toEqual(allowedOn(controller, path));
  });
});
