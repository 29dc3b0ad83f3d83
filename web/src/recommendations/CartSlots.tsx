import { ReorderCard } from './ReorderCard';
import { RelatedProducts } from './RelatedProducts';

/** What recommendations shows on the buyer's cart (lib/slots.tsx 'cart.before' / 'cart.after'). */
export function CartReorder({ skuIds }: { skuIds: number[] }) {
  return <ReorderCard compact hideSkuIds={skuIds} />;
}

export function CartRelated({ skuIds }: { skuIds: number[] }) {
  return <RelatedProducts cartKey={skuIds.join(',')} />;
}
