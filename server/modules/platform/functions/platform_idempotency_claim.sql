-- The Idempotency-Key claim of the one-call writes (cart_submit, fairs_book), once() of
-- idempotency.ts in SQL: the key row is inserted first, so a concurrent retry waits on the unique
-- key until the first call's transaction ends, then sees its row. Returns null when this call
-- claimed the key (the caller does the work and stores its answer in idempotency_keys.response);
-- {response} when the key was used before for the same body hash (the caller answers with it as a
-- replay). Another body under the key is refused as once() refuses it: ordo:IDEMPOTENCY_KEY_REUSED
-- (422, details {key}). No SET clause: called inside its callers' statement it takes their settings
-- and costs no configuration switch per call.
-- Repeatable: lib/migrate.ts applies this file whenever it changes; edit it here.
create or replace function platform_idempotency_claim(p_scope text, p_key text, p_hash text)
returns jsonb
language plpgsql
as $$
declare
  v_prior record;
begin
  insert into idempotency_keys (scope, key, request_hash) values (p_scope, p_key, p_hash)
  on conflict (scope, key) do nothing;
  if found then
    return null;
  end if;
  select k.request_hash, k.response into v_prior from idempotency_keys k where k.scope = p_scope and k.key = p_key;
  if v_prior.request_hash is distinct from p_hash then
    raise exception using message = 'ordo:IDEMPOTENCY_KEY_REUSED',
      detail = jsonb_build_object('status', 422, 'params', '{}'::jsonb, 'details', jsonb_build_object('key', p_key))::text;
  end if;
  return jsonb_build_object('response', v_prior.response);
end
$$;
