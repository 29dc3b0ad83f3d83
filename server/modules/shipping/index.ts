import type { OrdoModule } from '../../lib/module';
import { shippingRoutes } from './routes';
import { markAutoReceived } from './receipt';
import { seedShippingDemo } from './seed';
import './tables';

/** Shipping: pick lists, shipments (partial), delivery notes, tracking, receipt with discrepancies. */
export const shippingModule: OrdoModule = {
  name: 'shipping',
  routes: shippingRoutes,
  seedDemo: seedShippingDemo,
  outboxHandlers: () => [
    {
      // An order deemed delivered after N days: its shipments count as received (idempotent update).
      name: 'shipping.auto-received',
      topics: ['order.delivered'],
      async handle(ev, db) {
        if (ev.payload.event === 'auto_deliver') await markAutoReceived(db, Number(ev.payload.orderId));
      },
    },
  ],
};
export { createShipment, shipmentsOf, listShipments, addTracking, documentShipments } from './service';
export { registerShippingDocuments, shipDocument, receiveDocumentShipments, type ShippingDocument, type ShippingDocumentSource } from './documents';
export { documentDeliveryNotesHtml } from './print';
export { shipment as shipmentSchema } from './schemas';
export { confirmReceipt } from './receipt';
export { pickList } from './picking';
export { printPage, esc as escapeHtml, addressText, fmtTime as printTime } from './print';
export { shipmentDiscrepancies, shipmentsReceivedAt } from './aftersales-hooks';
