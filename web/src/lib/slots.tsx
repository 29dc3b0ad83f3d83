import type { ComponentType } from 'react';
import { lazyPage } from './lazy';
import { slotFills } from './registry';

/**
 * Places where one domain's screen shows a piece owned by a domain that depends on it (the order
 * page shows after-sales' links; after-sales imports orders). The owner of the piece fills the slot
 * from its routes.tsx (`slots`), so the host never imports it and the two domains do not import
 * each other (`npm run deps`). Each slot names the props its host passes.
 */
export interface SlotProps {
  /** order detail, beside the order's actions (staff console and buyer's page) */
  'order.actions': { order: { id: number; lines: { shippedQty: number }[] }; staff: boolean };
  /** the buyer's cart, above the cart (skuIds: what is in it) */
  'cart.before': { skuIds: number[] };
  /** the buyer's cart, below the cart */
  'cart.after': { skuIds: number[] };
  /** customer detail in the staff console, beside its edit button */
  'customer.actions': { companyId: number };
  /** customer detail in the staff console, a tab per fill (label: an i18n key) */
  'customer.tabs': { companyId: number };
}

export type SlotName = keyof SlotProps;

export interface SlotFill<K extends SlotName = SlotName> {
  slot: K;
  /** unique within the slot (a React key, a tab key) */
  key: string;
  /** i18n key, for slots shown with a title (tabs) */
  label?: string;
  /** loaded on first use: `lazySlot(() => import('./X'), 'X')` */
  Component: ComponentType<SlotProps[K]>;
}

/** A fill's component, loaded (its own chunk) when a host first shows the slot; nothing while it loads. */
export const lazySlot = <K extends SlotName>(load: () => Promise<Record<string, unknown>>, name: string): ComponentType<SlotProps[K]> => lazyPage<SlotProps[K]>(load, name, null);

/** What a domain's routes.tsx exports as `slots`. */
export type AnySlotFill = { [K in SlotName]: SlotFill<K> }[SlotName];

/** The fills of one slot, in the order the domains were found. */
export const fillsOf = <K extends SlotName>(slot: K): SlotFill<K>[] => slotFills.filter((f) => f.slot === slot) as unknown as SlotFill<K>[];

/** Renders every fill of a slot with the host's props. */
export function Slot<K extends SlotName>({ name, ...props }: { name: K } & SlotProps[K]) {
  return (
    <>
      {fillsOf(name).map((f) => {
        const C = f.Component as ComponentType<SlotProps[K]>;
        return <C key={f.key} {...(props as unknown as SlotProps[K])} />;
      })}
    </>
  );
}
