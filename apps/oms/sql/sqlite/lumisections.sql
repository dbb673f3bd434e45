CREATE VIEW "LUMISECTIONS" AS
SELECT
    l.run_number AS "RUN_NUMBER",
    l.lumisection_number AS "LUMISECTION_NUMBER",
    r.fill_number AS "FILL_NUMBER",
    l.start_time AS "START_TIME",
    l.end_time AS "END_TIME",
    l.init_lumi AS "INIT_LUMI",
    l.end_lumi AS "END_LUMI",
    -- 1 Hz/µb for one second is 1 µb^-1; a lumisection is 2^18 orbits = 23.3104 s.
    (l.init_lumi + l.end_lumi) / 2 * 23.3104 AS "DELIVERED_LUMI",
    (l.init_lumi + l.end_lumi) / 2 * 23.3104
        * (1 - COALESCE(CAST(d.ba_total AS REAL) / NULLIF(d.beamactive_bx, 0), 0)) AS "RECORDED_LUMI",
    l.pileup AS "PILEUP",
    l.prescale_index AS "PRESCALE_INDEX",
    l.beam1_stable * l.beam2_stable AS "BEAMS_STABLE",
    l.beam1_present AS "BEAM1_PRESENT",
    l.beam2_present AS "BEAM2_PRESENT",
    l.beam1_stable AS "BEAM1_STABLE",
    l.beam2_stable AS "BEAM2_STABLE",
    l.cms_active AS "CMS_ACTIVE",
    l.physics_flag AS "PHYSICS_FLAG",
    l.bpix_ready AS "BPIX_READY",
    l.fpix_ready AS "FPIX_READY",
    l.tibtid_ready AS "TIBTID_READY",
    l.tob_ready AS "TOB_READY",
    l.tecp_ready AS "TECP_READY",
    l.tecm_ready AS "TECM_READY"
FROM "OMS_LUMISECTIONS" l
LEFT JOIN "OMS_RUNS" r ON r.run_number = l.run_number
LEFT JOIN "OMS_DEADTIMES" d ON d.run_number = l.run_number AND d.lumisection_number = l.lumisection_number
