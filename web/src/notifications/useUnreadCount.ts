import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { client, type Response } from '../lib/client';

export const UNREAD_KEY = ['notifications', 'count'] as const;
/** How often the count is asked for while the live stream is down (it reconnects by itself). */
const FALLBACK_POLL_MS = 30_000;

/**
 * The signed-in user's unread count, pushed by the server-sent event stream
 * /api/notifications/stream (an `unread` event on open and whenever a notice arrives, from any
 * API process through the live bus). Only while the stream is down does the count fall back to
 * polling; the browser's EventSource reconnects (the server asks for 5 s) and the stream then
 * sends the current count again.
 */
export function useUnreadCount() {
  const qc = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const es = new EventSource('/api/notifications/stream');
    const onUnread = (e: MessageEvent<string>) => {
      const next = JSON.parse(e.data) as Response<'/api/notifications/unread-count'>;
      const before = qc.getQueryData<Response<'/api/notifications/unread-count'>>(UNREAD_KEY);
      qc.setQueryData(UNREAD_KEY, next);
      setLive(true);
      // A new notice: an open list shows it too.
      if (before?.unread !== next.unread) void qc.invalidateQueries({ queryKey: ['notifications', 'list'] });
    };
    const onDrop = () => setLive(false);
    es.addEventListener('unread', onUnread);
    es.addEventListener('error', onDrop);
    return () => {
      es.removeEventListener('unread', onUnread);
      es.removeEventListener('error', onDrop);
      es.close();
    };
  }, [qc]);
  return useQuery({
    queryKey: UNREAD_KEY,
    queryFn: () => client.get('/api/notifications/unread-count'),
    // The stream keeps it fresh while it is open; polling only while it is down.
    refetchInterval: live ? false : FALLBACK_POLL_MS,
    staleTime: live ? Infinity : 0,
  });
}
