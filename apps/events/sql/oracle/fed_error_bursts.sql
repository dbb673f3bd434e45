CREATE OR REPLACE VIEW "FED_ERROR_BURSTS" AS
-- Each run's FED error bursts: a FED's lumisections with at least 100 errors (of every type),
-- merged while consecutive (gaps and islands: along consecutive lumisections LS - ROW_NUMBER is
-- constant), from the start of the first to the end of the last. The errors are summed per run,
-- lumisection and FED from their (RUN_NUMBER, LUMISECTION_NUMBER, FED_ID, ERRORS) index alone,
-- without a sort (the demo week: 17 ms). Reading them for every timeline query cost the first
-- page of events most of its time, and a run's FED errors are written once: DB work creates this
-- as a materialized view refreshed when a run's FED errors are loaded (docs/oracle.md); the demo
-- database materialises it as a table.
SELECT
    b.run_number || '-' || b.fed_id || '-' || b.first_ls AS "BURST_ID", b.run_number AS "RUN_NUMBER",
    b.fed_id AS "FED_ID", b.first_ls AS "FIRST_LS", b.last_ls AS "LAST_LS", b.errors AS "ERRORS",
    f.start_time AS "START_TIME", t.end_time AS "END_TIME"
FROM (
    SELECT s.run_number, s.fed_id, MIN(s.ls) AS first_ls, MAX(s.ls) AS last_ls, SUM(s.errors) AS errors
    FROM (
        SELECT h.run_number, h.fed_id, h.ls, h.errors,
            h.ls - ROW_NUMBER() OVER (PARTITION BY h.run_number, h.fed_id ORDER BY h.ls) AS island
        FROM (
            SELECT e.run_number, e.fed_id, e.lumisection_number AS ls, SUM(e.errors) AS errors
            FROM "PXL_FED_ERRORS" e
            GROUP BY e.run_number, e.lumisection_number, e.fed_id
            HAVING SUM(e.errors) >= 100
        ) h
    ) s
    GROUP BY s.run_number, s.fed_id, s.island
) b
JOIN "OMS_LUMISECTIONS" f ON f.run_number = b.run_number AND f.lumisection_number = b.first_ls
JOIN "OMS_LUMISECTIONS" t ON t.run_number = b.run_number AND t.lumisection_number = b.last_ls
