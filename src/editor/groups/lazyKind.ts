import type { GroupKindHandler } from './types';

/**
 * A kind whose code loads on its first use (a bundle of its own): registering it costs the main bundle
 * nothing but this proxy, and a session with no group of that kind never loads it.
 */
export function lazyKind(load: () => GroupKindHandler): GroupKindHandler {
  let handler: GroupKindHandler | undefined;
  const get = () => (handler ??= load());
  return {
    members: (record) => get().members(record),
    item: (record, tasks) => get().item(record, tasks),
    childLabel: (record, task) => get().childLabel?.(record, task),
    progress: (record, tasks) => get().progress(record, tasks),
    finished: (record) => get().finished(record),
    drive: (record) => get().drive(record),
  };
}
