-- Reservations for a document other than the order itself (issue 14): an after-sales exchange or
-- reissue reserves its replacement stock at approval, on the original order's line, and ships it
-- later. document_type/document_id name that document; the order's own reservations keep them
-- null, and everything that ships or releases an order's stock (consume, release, pick lists)
-- takes only those, so an order's next shipment can never take a replacement's units.
alter table reservations add column document_type text, add column document_id bigint;
alter table reservations add constraint reservations_document_both check ((document_type is null) = (document_id is null));
create index reservations_document on reservations (document_type, document_id) where document_type is not null;
