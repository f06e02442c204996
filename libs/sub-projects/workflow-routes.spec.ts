import 'reflect-metadata';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { ACCESS_POLICY, type AccessPolicy } from '../access/policy.js';
import type { StateMachine, TransitionRecord } from '../common/state-machine.js';
import { ResolutionsController } from '../meetings/meetings.controller.js';
import { trackingMachine } from '../meetings/tracking.machine.js';
import { AssignmentController } from './assignment.controller.js';
import { dueDateChangeMachine } from './due-date-change.machine.js';
import { DueDateChangesController } from './due-date-changes.controller.js';
import { subProjectMachine } from './sub-project.machine.js';

type AnyMachine = StateMachine<string, string, TransitionRecord<string, any>>;

/** Each workflow's routes: the path (under its controller) that takes each transition. */
const WORKFLOWS: { name: string; controller: object; machine: AnyMachine; paths: Record<string, string> }[] = [
  {
    name: 'sub-project', controller: AssignmentController, machine: subProjectMachine as unknown as AnyMachine,
    paths: {
      assign: ':code/assign', reassign: ':code/assign', acknowledge: ':code/acknowledge', activate: ':code/activate', suspend: ':code/suspend',
      resume: ':code/resume', close: ':code/close',
    },
  },
  {
    name: 'due-date change', controller: DueDateChangesController, machine: dueDateChangeMachine as unknown as AnyMachine,
    paths: { approve: 'due-date-changes/:id/approve', reject: 'due-date-changes/:id/reject' },
  },
  {
    name: 'resolution tracking', controller: ResolutionsController, machine: trackingMachine as unknown as AnyMachine,
    paths: { request_release: ':code/follow-ups', release: ':code/assignments/:org/release', keep: ':code/assignments/:org/keep' },
  },
];

/** The roles of the `@Allow` on the controller's POST handler for `path`, from Nest's route metadata. */
function allowedOn(controller: object, path: string): string[] {
  const proto = (controller as { prototype: Record<string, unknown> }).prototype;
  const handlers = Object.getOwnPropertyNames(proto)
    .map((name) => proto[name])
    .filter((fn): fn is (...args: unknown[]) => unknown => typeof fn === 'function' && Reflect.getMetadata(PATH_METADATA, fn) === path)
    .filter((fn) => Reflect.getMetadata(METHOD_METADATA, fn) === RequestMethod.POST);
  expect(handlers).toHaveLength(1);
  const policy: AccessPolicy = Reflect.getMetadata(ACCESS_POLICY, handlers[0]);
  expect(policy.kind).toBe('roles');
  return policy.kind === 'roles' ? [...policy.roles].sort() : [];
}

describe.each(WORKFLOWS)('$name workflow: each transition record agrees with its route', ({ machine, controller, paths }) => {
  it('has a route for every transition', () => {
    expect(machine.records().map((r) => r.transition).sort()).toEqual(Object.keys(paths).sort());
  });

  it.each(Object.entries(paths))('%s: the record names its roles (the route\'s @Allow) and its topic', (transition, path) => {
    const record = machine.record(transition);
    expect([...(record.by ?? [])].sort()).toEqual(allowedOn(controller, path));
    expect(record.topic).toEqual(expect.any(String));
  });
});
