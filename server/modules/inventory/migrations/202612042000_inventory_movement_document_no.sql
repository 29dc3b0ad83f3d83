-- The ledger names a movement's document by the number people know it by, as written when the
-- movement was made: 采购单 PO000003, 盘点单 PD000012, 调整单 TZ000007, 调拨单 DB000002,
-- 发货单 <order number>-1. A shipment row also keeps the order it left for, so the ledger can
-- link to the order without reading the shipping module's tables.
-- Opening stock (document_type 'opening') has no document and keeps document_no null: the
-- screen shows the type label (期初) instead of inventing a number.
alter table stock_movements add column document_no text, add column order_id bigint;

-- Filling the new columns for rows already written is not a change of history, so the
-- append-only guard is lifted for this one update (and the whole script is one transaction).
alter table stock_movements disable trigger stock_movements_no_update;

-- Purchase orders, stocktakes, adjustments and transfers have no stored number: it is the prefix
-- and the id padded to six digits (poNumber, stocktakeNumber, stockDocumentNumber in the code).
update stock_movements m set document_no = 'PO' || lpad(po.id::text, greatest(6, length(po.id::text)), '0')
  from purchase_orders po where m.document_type = 'purchase_order' and po.id = m.document_id;
update stock_movements m set document_no = 'PD' || lpad(st.id::text, greatest(6, length(st.id::text)), '0')
  from stocktakes st where m.document_type = 'stocktake' and st.id = m.document_id;
update stock_movements m set document_no = (case d.type when 'transfer' then 'DB' else 'TZ' end) || lpad(d.id::text, greatest(6, length(d.id::text)), '0')
  from stock_documents d where m.document_type in ('adjustment', 'transfer') and d.type = m.document_type and d.id = m.document_id;
update stock_movements m set document_no = s.number, order_id = s.order_id
  from shipments s where m.document_type = 'shipment' and s.id = m.document_id;

alter table stock_movements enable trigger stock_movements_no_update;
