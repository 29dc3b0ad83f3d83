-- Shipments for a document other than the order (issue 14: an after-sales exchange or reissue
-- ships its replacement): still a shipment of the original order (address, scope, tracking,
-- delivery note), carrying the document it ships. The order's own shipping counts only its own
-- shipments (document_type is null).
alter table shipments add column document_type text;
alter table shipments add column document_id bigint;
alter table shipments add column document_no text;
alter table shipments add constraint shipments_document check ((document_type is null) = (document_id is null) and (document_type is null) = (document_no is null));
create index shipments_document on shipments (document_type, document_id) where document_type is not null;
