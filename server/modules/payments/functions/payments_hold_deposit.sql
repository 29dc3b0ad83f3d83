-- Payments' step of a fair booking in one call (fairs_book calls it as orders_submit calls
-- payments_hold_balance): holdDeposit of deposits.ts in SQL. Sets what the commitment p_ref holds
-- of the customer's prepaid balance to p_amount fen: more is taken by a conditional update that
-- never passes what is available, less is given back, 0 closes the hold as released; the audit
-- entry as holdDeposit writes it (p_actor: {userId, label, requestId, ip}). Returns null when done,
-- or {refusal: {code, status, params, details}} when the available balance is short (nothing written).
-- Repeatable: lib/migrate.ts applies this file whenever it changes; edit it here.
create or replace function payments_hold_deposit(p_ref text, p_company bigint, p_amount bigint, p_actor jsonb)
returns jsonb
language plpgsql
as $$
declare
  v_cur record;
  v_had bigint := 0;
  v_acc record;
  v_status text;
begin
  select d.amount, d.status into v_cur from deposit_holds d where d.ref = p_ref for update;
  if found and v_cur.status = 'held' then v_had := v_cur.amount; end if;
  if p_amount = v_had then return null; end if;
  insert into customer_accounts (company_id, hold_reason) values (p_company, null) on conflict (company_id) do nothing;
  if p_amount > v_had then
    update customer_accounts set held = held + (p_amount - v_had), updated_at = now()
    where company_id = p_company and balance - held >= p_amount - v_had;
    if not found then
      select balance, held into v_acc from customer_accounts where company_id = p_company;
      return jsonb_build_object('refusal', jsonb_build_object('code', 'DEPOSIT_BALANCE_SHORT', 'status', 409,
        'params', jsonb_build_object(
          'amount', to_char(p_amount::numeric / 100, 'FM9999999999999990.00'),
          'available', to_char((v_acc.balance - v_acc.held + v_had)::numeric / 100, 'FM9999999999999990.00'),
          'held', to_char((v_acc.held - v_had)::numeric / 100, 'FM9999999999999990.00')),
        'details', jsonb_build_object('amount', p_amount, 'balance', v_acc.balance, 'held', v_acc.held, 'available', v_acc.balance - v_acc.held + v_had)));
    end if;
  else
    update customer_accounts set held = held - (v_had - p_amount), updated_at = now() where company_id = p_company;
  end if;
  v_status := case when p_amount > 0 then 'held' else 'released' end;
  insert into deposit_holds (ref, company_id, amount, status) values (p_ref, p_company, p_amount, v_status)
  on conflict (ref) do update set amount = excluded.amount, status = excluded.status,
    closed_at = case when excluded.amount > 0 then null else now() end;
  insert into audit_log (actor_user_id, actor_label, action, entity_type, entity_id, before, after, request_id, ip)
  values ((p_actor->>'userId')::bigint, coalesce(p_actor->>'label', 'system'), case when p_amount > 0 then 'deposit.hold' else 'deposit.release' end,
    'deposit', p_ref, jsonb_build_object('held', v_had), jsonb_build_object('held', p_amount), p_actor->>'requestId', p_actor->>'ip');
  return null;
end
$$;
