-- Shipments (发货单): what left which warehouse for an order, with carrier and tracking number.
create table shipments (
  id bigint generated always as identity primary key,
  number text not null unique,
  order_id bigint not null references orders(id),
  warehouse_id bigint not null references warehouses(id),
  carrier text not null,
  tracking_no text,
  shipped_at timestamptz not null default now(),
  estimated_delivery date,
  status text not null default 'in_transit' check (status in ('in_transit', 'received')),
  received_at timestamptz,
  received_by_user_id bigint references users(id),
  -- true when nobody confirmed and the order was deemed delivered after N days
  auto_received boolean not null default false,
  receipt_note text,
  created_by_user_id bigint references users(id),
  created_at timestamptz not null default now()
);
create index shipments_order on shipments (order_id, id);

-- Lines shipped, and what the customer reported on receipt (差异收货: short or damaged), kept for after-sales.
create table shipment_lines (
  id bigint generated always as identity primary key,
  shipment_id bigint not null references shipments(id) on delete cascade,
  order_line_id bigint not null references order_lines(id),
  qty int not null check (qty > 0),
  received_qty int check (received_qty >= 0),
  damaged_qty int not null default 0 check (damaged_qty >= 0),
  discrepancy_note text,
  unique (shipment_id, order_line_id)
);

-- Tracking events (time, place, description) added by staff or posted by a carrier integration.
create table tracking_events (
  id bigint generated always as identity primary key,
  shipment_id bigint not null references shipments(id) on delete cascade,
  at timestamptz not null,
  place text,
  description text not null,
  source text not null check (source in ('staff', 'integration')),
  created_by_user_id bigint references users(id),
  created_at timestamptz not null default now()
);
create index tracking_events_shipment on tracking_events (shipment_id, at, id);
