import { useEffect, useState } from 'react';
import type { CustomerStock } from './api';

/**
 * The customer view of some SKUs' stock, kept live by the server-sent event stream
 * (/api/portal/stock/stream): the current value on open, then every change while the page is
 * open. The browser's EventSource reconnects by itself after a network drop.
 */
export function useLiveStock(skuIds: number[]): Map<number, CustomerStock> {
  const key = [...new Set(skuIds)].sort((a, b) => a - b).join(',');
  const [stock, setStock] = useState<Map<number, CustomerStock>>(() => new Map());
  useEffect(() => {
    if (!key) return;
    const es = new EventSource(`/api/portal/stock/stream?skuIds=${key}`);
    const onStock = (e: MessageEvent<string>) => {
      const s = JSON.parse(e.data) as CustomerStock;
      setStock((m) => new Map(m).set(s.skuId, s));
    };
    es.addEventListener('stock', onStock);
    return () => {
      es.removeEventListener('stock', onStock);
      es.close();
    };
  }, [key]);
  return stock;
}
