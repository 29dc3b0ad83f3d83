import type { Generated } from 'kysely';

declare module '../../lib/db-types' {
  interface DB {
    shipments: {
      id: Generated<number>;
      number: string;
      order_id: number;
      warehouse_id: number;
      carrier: string;
      tracking_no: string | null;
      shipped_at: Generated<Date>;
      estimated_delivery: string | null;
      status: Generated<'in_transit' | 'received'>;
      received_at: Date | null;
      received_by_user_id: number | null;
      auto_received: Generated<boolean>;
      receipt_note: string | null;
      created_by_user_id: number | null;
      created_at: Generated<Date>;
      /** the document shipped when it is not the order itself (after-sales replacement): type, id and number */
      document_type: Generated<string | null>;
      document_id: Generated<number | null>;
      document_no: Generated<string | null>;
    };
    shipment_lines: {
      id: Generated<number>;
      shipment_id: number;
      order_line_id: number;
      qty: number;
      received_qty: number | null;
      damaged_qty: Generated<number>;
      discrepancy_note: string | null;
    };
    tracking_events: {
      id: Generated<number>;
      shipment_id: number;
      at: Date;
      place: string | null;
      description: string;
      source: 'staff' | 'integration';
      created_by_user_id: number | null;
      created_at: Generated<Date>;
    };
  }
}
export {};
