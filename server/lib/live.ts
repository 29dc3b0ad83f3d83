/**
 * A small in-process publish/subscribe hub for live updates (server-sent events). Topics are
 * plain strings such as `stock:42` or `user:7`; a subscriber gets every message published on
 * its topics after it subscribed. One process only: when Ordo runs as several API processes,
 * replace the transport with Redis pub/sub behind the same two functions.
 */
export type LiveListener = (topic: string, data: unknown) => void;

const listeners = new Map<string, Set<LiveListener>>();

/** Subscribes to topics; returns the function that unsubscribes from all of them. */
export function subscribe(topics: string[], listener: LiveListener): () => void {
  for (const topic of topics) {
    let set = listeners.get(topic);
    if (!set) listeners.set(topic, (set = new Set()));
    set.add(listener);
  }
  return () => {
    for (const topic of topics) {
      const set = listeners.get(topic);
      if (!set) continue;
      set.delete(listener);
      if (set.size === 0) listeners.delete(topic);
    }
  };
}

/** Publishes to a topic; a listener that throws is dropped from nobody else's delivery. */
export function publish(topic: string, data: unknown): number {
  const set = listeners.get(topic);
  if (!set) return 0;
  let n = 0;
  for (const l of [...set]) {
    try {
      l(topic, data);
      n++;
    } catch {
      // a broken listener (closed socket) must not stop the others
    }
  }
  return n;
}

/** Number of listeners on a topic (tests, metrics). */
export const subscriberCount = (topic: string) => listeners.get(topic)?.size ?? 0;
