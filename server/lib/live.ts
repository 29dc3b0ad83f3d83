/**
 * Live updates (server-sent events) as publish/subscribe on string topics such as `stock:42` or
 * `user:7`. Subscribers are the open streams of this process; a message published anywhere reaches
 * them through the transport: in-process by default (PGlite: one process), or across every API and
 * worker process through PostgreSQL LISTEN/NOTIFY or Redis pub/sub once a bus is started
 * (server/modules/platform/live-bus.ts). Delivery is at most once: a stream that may have missed
 * messages (the transport reconnected) is told through `onResync` and re-reads what it shows.
 */
export type LiveListener = (topic: string, data: unknown) => void;

/** What carries a published message to the subscribers of every process (this one included). */
export interface LiveTransport {
  name: 'memory' | 'postgres' | 'redis';
  send(topic: string, data: unknown): Promise<void>;
}

const listeners = new Map<string, Set<LiveListener>>();
const resyncListeners = new Set<() => void>();
let transport: LiveTransport | null = null;

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

/**
 * Publishes to a topic on every process. Resolves once the transport took the message (a failed
 * send rejects: an outbox handler that publishes is then retried).
 */
export async function publish(topic: string, data: unknown): Promise<void> {
  if (transport) await transport.send(topic, data);
  else deliverLocal(topic, data);
}

/** Hands a message to this process's subscribers (transports call this on receipt). */
export function deliverLocal(topic: string, data: unknown): number {
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

/** Called after the transport (re)connected: messages may have been lost in between. */
export function onResync(listener: () => void): () => void {
  resyncListeners.add(listener);
  return () => resyncListeners.delete(listener);
}

export function resyncLocal(): void {
  for (const l of [...resyncListeners]) {
    try {
      l();
    } catch {
      // as above
    }
  }
}

/** Installs the cross-process transport (null: back to in-process). */
export function setLiveTransport(t: LiveTransport | null): void {
  transport = t;
}

export const liveTransportName = (): LiveTransport['name'] => transport?.name ?? 'memory';

/** Number of listeners on a topic (tests, metrics). */
export const subscriberCount = (topic: string) => listeners.get(topic)?.size ?? 0;
