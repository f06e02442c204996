import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { NotificationKind } from './notification.entity.js';
import { type NotificationRenderer, RendersNotifications } from './rendering.js';

export class RendererRegistryError extends Error {
  constructor(problems: string[]) {
    super(`Notification renderers are not one per kind:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RendererRegistryError';
  }
}

/** Finds the one renderer of every notification kind, or names what is missing, doubled or unknown. */
export function buildRendererRegistry(
  found: { kinds: readonly NotificationKind[]; renderer: NotificationRenderer; className: string }[],
): Map<NotificationKind, NotificationRenderer> {
  const problems: string[] = [];
  const registry = new Map<NotificationKind, NotificationRenderer>();
  const kinds = Object.values(NotificationKind);
  for (const kind of kinds) {
    const renderers = found.filter((f) => f.kinds.includes(kind));
    if (renderers.length === 0) problems.push(`${kind}: no renderer (decorate one provider with @RendersNotifications([NotificationKind...]))`);
    else if (renderers.length > 1) problems.push(`${kind}: ${renderers.length} renderers (${renderers.map((r) => r.className).join(', ')})`);
    else registry.set(kind, renderers[0].renderer);
  }
  for (const f of found) {
    for (const kind of f.kinds) if (!kinds.includes(kind)) problems.push(`${f.className}: renders unknown kind "${kind}"`);
  }
  if (problems.length) throw new RendererRegistryError(problems);
  return registry;
}

/** The renderers of this process, checked when the module starts: the worker refuses to run with a kind it cannot write. */
@Injectable()
export class NotificationRenderers implements OnModuleInit {
  private registry = new Map<NotificationKind, NotificationRenderer>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    this.registry = buildRendererRegistry(
      this.discovery.getProviders({ metadataKey: RendersNotifications.KEY }).map((wrapper) => ({
        kinds: this.discovery.getMetadataByDecorator(RendersNotifications, wrapper) ?? [],
        renderer: wrapper.instance as NotificationRenderer,
        className: wrapper.metatype?.name ?? String(wrapper.token),
      })),
    );
  }

  for(kind: NotificationKind): NotificationRenderer {
    const renderer = this.registry.get(kind);
    if (!renderer) throw new RendererRegistryError([`${kind}: no renderer`]);
    return renderer;
  }
}

/** The ledger row cannot be written as an email (its subject is gone, its payload is malformed): retrying will not help. */
export class UnrenderableNotificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnrenderableNotificationError';
  }
}
