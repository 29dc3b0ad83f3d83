import { useQuery } from '@tanstack/react-query';
import { client } from '../lib/client';

/** Shapes of the inventory API as the web app uses them (server/modules/inventory/schemas*.ts). */
export interface Warehouse {
  id: number; code: string; name: string; address: string | null; provinces: string[]; priority: number; active: boolean;
  createdAt: string; updatedAt: string; skuCount: number; onHand: number;
}
export type StockStatus = 'out' | 'low' | 'ok';
export interface StockRow {
  skuId: number; skuCode: string; productName: string; specText: string; unit: string; categoryName: string | null;
  warehouseId: number; warehouseCode: string; warehouseName: string;
  onHand: number; reserved: number; available: number; safetyStock: number; status: StockStatus; updatedAt: string | null;
}
export interface SkuCard {
  sku: { id: number; code: string; productName: string; specText: string; active: boolean; unit: string };
  levels: { warehouseId: number; warehouseCode: string; warehouseName: string; active: boolean; onHand: number; reserved: number; available: number; safetyStock: number; status: StockStatus }[];
  totals: { onHand: number; reserved: number; available: number };
}
export const MOVEMENT_TYPES = ['receipt', 'shipment', 'adjustment', 'transfer_out', 'transfer_in', 'return', 'stocktake'] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];
export interface Movement {
  id: number; at: string; skuId: number; skuCode: string; productName: string; warehouseId: number; warehouseName: string;
  type: MovementType; qty: number; onHandAfter: number; documentType: string | null; documentId: number | null;
  /** the document's own number (PO000003, PD000012, a shipment's number); null for opening stock */
  documentNo: string | null;
  /** the order a shipment left for */
  orderId: number | null;
  actor: string | null; actorName: string | null; actorRole: string | null; reason: string | null;
}
export interface InvDocument {
  id: number; number: string; type: 'adjustment' | 'transfer'; warehouseId: number; warehouseName: string;
  toWarehouseId: number | null; toWarehouseName: string | null; reason: string | null; lines: { skuId: number; qty: number }[]; actorName: string | null; createdAt: string;
}
export type StocktakeStatus = 'counting' | 'posted' | 'cancelled';
export interface StocktakeListed {
  id: number; number: string; warehouseId: number; warehouseName: string; status: StocktakeStatus; note: string | null;
  createdAt: string; postedAt: string | null; lines: number; counted: number;
}
export interface Stocktake {
  id: number; number: string; warehouseId: number; warehouseName: string; status: StocktakeStatus; note: string | null;
  createdBy: string | null; createdAt: string; postedBy: string | null; postedAt: string | null;
  summary: { lines: number; counted: number; withDifference: number; gain: number; loss: number };
  lines: { skuId: number; skuCode: string; productName: string; specText: string; snapshotQty: number; onHand: number; countedQty: number | null; postedDiff: number | null; difference: number | null }[];
}
export type DisplayMode = 'exact' | 'levels' | 'hidden';
export interface InventorySettings { customerDisplay: { mode: DisplayMode; lowBelow: number }; allowSplit: boolean }
export interface CustomerStock { skuId: number; mode: DisplayMode; quantity: number | null; level: 'plenty' | 'low' | 'out' | null; label: string | null }

export interface SupplierListed {
  id: number; code: string; name: string; contactName: string | null; phone: string | null; email: string | null; address: string | null; taxNo: string | null; paymentTerms: string | null; notes: string | null;
  active: boolean; createdAt: string; updatedAt: string; skuCount: number;
}
export interface SupplierSku { skuId: number; skuCode: string; productName: string; specText: string; supplierSkuCode: string | null; cost: number; leadTimeDays: number; moq: number; preferred: boolean }
export interface Supplier extends Omit<SupplierListed, 'skuCount'> { skus: SupplierSku[] }
export const PO_STATUSES = ['draft', 'ordered', 'partially_received', 'received', 'cancelled'] as const;
export type PoStatus = (typeof PO_STATUSES)[number];
interface PoHead {
  id: number; number: string; supplierId: number; supplierName: string; warehouseId: number; warehouseName: string;
  status: PoStatus; expectedAt: string | null; total: number; createdAt: string;
}
export interface PoListed extends PoHead { qty: number; receivedQty: number }
export interface PurchaseOrder extends PoHead {
  notes: string | null; orderedAt: string | null; receivedAt: string | null; cancelledAt: string | null;
  lines: { skuId: number; skuCode: string; productName: string; specText: string; qty: number; unitCost: number; receivedQty: number; lineTotal: number }[];
}
export interface Suggestion {
  skuId: number; skuCode: string; productName: string; sold30: number; velocityPerDay: number; available: number; onOrder: number;
  safetyStock: number; leadTimeDays: number; reorderPoint: number; suggestedQty: number; supplierId: number | null; supplierName: string | null; unitCost: number | null; moq: number;
}

/** Every warehouse (the server lists inactive ones too unless asked). */
export function useWarehouses(active?: boolean) {
  return useQuery({
    queryKey: ['inv-warehouses', active ?? 'all'],
    queryFn: () => client.get('/api/inventory/warehouses', { query: { active: active === undefined ? undefined : `${active}` } }),
    staleTime: 30_000,
  });
}
