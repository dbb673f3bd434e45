CREATE OR REPLACE VIEW "RUNS" AS
SELECT
    r.run_number AS "RUN_NUMBER",
    r.fill_number AS "FILL_NUMBER",
    f.era AS "ERA",
    r.start_time AS "START_TIME",
    r.end_time AS "END_TIME",
    ROUND((CAST(r.end_time AS DATE) - CAST(r.start_time AS DATE)) * 86400) AS "DURATION",
    ls.last_ls AS "LAST_LUMISECTION_NUMBER",
    r.sequence AS "SEQUENCE",
    r.components AS "COMPONENTS",
    r.l1_key AS "L1_KEY",
    r.hlt_key AS "HLT_KEY",
    r.l1_menu AS "L1_MENU",
    r.cmssw_version AS "CMSSW_VERSION",
    r.trigger_mode AS "TRIGGER_MODE",
    r.initial_prescale_index AS "INITIAL_PRESCALE_INDEX",
    NVL(ls.stable, 0) AS "STABLE_BEAM",
    r.b_field AS "B_FIELD",
    r.energy AS "ENERGY",
    r.l1_rate AS "L1_RATE",
    r.hlt_physics_rate AS "HLT_PHYSICS_RATE",
    ls.init_lumi AS "INIT_LUMI",
    ls.end_lumi AS "END_LUMI",
    ls.delivered / 1e6 AS "DELIVERED_LUMI",
    ls.recorded / 1e6 AS "RECORDED_LUMI"
FROM "OMS_RUNS" r
LEFT JOIN "OMS_FILLS" f ON f.fill_number = r.fill_number
LEFT JOIN (
    SELECT
        l.run_number,
        MAX(l.lumisection_number) AS last_ls,
        MAX(l.beam1_stable * l.beam2_stable) AS stable,
        MAX(CASE WHEN l.lumisection_number = 1 THEN l.init_lumi END) AS init_lumi,
        MAX(CASE WHEN l.lumisection_number = m.last_ls THEN l.end_lumi END) AS end_lumi,
        SUM(l."DELIVERED_LUMI") AS delivered,
        SUM(l."RECORDED_LUMI") AS recorded
    FROM "LUMISECTIONS" l
    JOIN (SELECT run_number, MAX(lumisection_number) AS last_ls FROM "OMS_LUMISECTIONS" GROUP BY run_number) m
        ON m.run_number = l.run_number
    GROUP BY l.run_number
) ls ON ls.run_number = r.run_number
