-- Shipped quantities are summed per order line (after-sales, order edits, reports), and removing an
-- order line makes PostgreSQL check this foreign key: without an index both read every shipment line.
create index if not exists shipment_lines_order_line on shipment_lines (order_line_id);
