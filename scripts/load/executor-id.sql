-- The load executors' ids, as a function of their number n (1 ≤ n < 58^4): 44 base58 characters like Hummingbot's
-- own ids. 40 come from a MINSTD generator (h ← h·48271 mod 2^31−1) seeded with n + 12345, after three discarded
-- steps; the last 4 are n itself in base58, so every n has its own id and an id tells its n back.
-- scripts/load/executors.lua computes the same ids (it is checked against this function before every run):
-- executors 1..N exist after seed.sql; N+1, N+2… never do.
-- A temporary function (pg_temp): it lives only in the session that loads it and leaves nothing in the schema.
CREATE OR REPLACE FUNCTION pg_temp.load_executor_id(n bigint) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    alphabet CONSTANT text := '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
    h bigint := n + 12345;
    m bigint := n;
    head text := '';
    tail text := '';
BEGIN
    IF n < 1 OR n >= 58 ^ 4 THEN
        RAISE EXCEPTION 'load executor number % is outside 1..%', n, (58 ^ 4)::bigint - 1;
    END IF;
    FOR i IN 1..43 LOOP
        h := (h * 48271) % 2147483647;
        IF i > 3 THEN
            head := head || substr(alphabet, (h % 58)::int + 1, 1);
        END IF;
    END LOOP;
    FOR i IN 1..4 LOOP
        tail := substr(alphabet, (m % 58)::int + 1, 1) || tail;
        m := m / 58;
    END LOOP;
    RETURN head || tail;
END
$$;
