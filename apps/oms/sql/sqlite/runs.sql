-- Override: the duration is a date difference. Oracle subtracts DATEs in days; sqlglot writes
-- that as DATE(a) - DATE(b), which in SQLite subtracts two strings. SQLite spells it julianday().
CREATE VIEW "RUNS" AS
SELECT
    r.run_number AS "RUN_NUMBER",
    r.fill_number AS "FILL_NUMBER",
    f.era AS "ERA",
    r.start_time AS "START_TIME",
    r.end_time AS "END_TIME",
    CAST(ROUND((julianday(r.end_time) - julianday(r.start_time)) * 86400) AS INTEGER) AS "DURATION",
    (SELECT MAX(l.lumisection_number) FROM "OMS_LUMISECTIONS" l WHERE l.run_number = r.run_number) AS "LAST_LUMISECTION_NUMBER",
    r.sequence AS "SEQUENCE",
    r.components AS "COMPONENTS",
    r.l1_key AS "L1_KEY",
    r.hlt_key AS "HLT_KEY",
    r.l1_menu AS "L1_MENU",
    r.cmssw_version AS "CMSSW_VERSION",
    r.trigger_mode AS "TRIGGER_MODE",
    r.initial_prescale_index AS "INITIAL_PRESCALE_INDEX",
    COALESCE((SELECT MAX(l.beam1_stable * l.beam2_stable) FROM "OMS_LUMISECTIONS" l WHERE l.run_number = r.run_number), 0) AS "STABLE_BEAM",
    r.b_field AS "B_FIELD",
    r.energy AS "ENERGY",
    r.l1_rate AS "L1_RATE",
    r.hlt_physics_rate AS "HLT_PHYSICS_RATE",
    (SELECT l.init_lumi FROM "OMS_LUMISECTIONS" l WHERE l.run_number = r.run_number AND l.lumisection_number = 1) AS "INIT_LUMI",
    (SELECT l.end_lumi FROM "OMS_LUMISECTIONS" l WHERE l.run_number = r.run_number AND l.lumisection_number = (SELECT MAX(m.lumisection_number) FROM "OMS_LUMISECTIONS" m WHERE m.run_number = r.run_number)) AS "END_LUMI",
    (SELECT SUM(l."DELIVERED_LUMI") FROM "LUMISECTIONS" l WHERE l."RUN_NUMBER" = r.run_number) / 1e6 AS "DELIVERED_LUMI",
    (SELECT SUM(l."RECORDED_LUMI") FROM "LUMISECTIONS" l WHERE l."RUN_NUMBER" = r.run_number) / 1e6 AS "RECORDED_LUMI"
-- Per-run aggregates are subqueries correlated on the run, so a request for some runs reads
-- only their lumisections (a grouped derived table would aggregate every run first).
FROM "OMS_RUNS" r
LEFT JOIN "OMS_FILLS" f ON f.fill_number = r.fill_number
