CREATE OR REPLACE VIEW "READBACKS" AS
SELECT
    rb.run_number AS "RUN_NUMBER",
    rb.roc_name AS "ROC_NAME",
    r.module_name AS "MODULE_NAME",
    r.roc AS "ROC",
    m.det_id AS "DET_ID",
    SUBSTR(m.module_name, 1, 4) AS "SUBDETECTOR",
    -- As PIXEL_MODULES names the module's DQM ROC map.
    CASE WHEN m.layer IS NOT NULL THEN 'BPix_L' || m.layer ELSE 'FPix_R' || m.ring END AS "MAP_NAME",
    m.layer AS "LAYER",
    m.disk AS "DISK",
    m.ring AS "RING",
    rb.vd AS "VD",
    rb.va AS "VA",
    rb.vana_dac AS "VANA_DAC",
    rb.vana AS "VANA",
    rb.vbg AS "VBG",
    rb.iana AS "IANA",
    r.map_x AS "MAP_X",
    r.map_y AS "MAP_Y"
FROM "PXL_READBACKS" rb
-- The ROC and its module from the source tables (not PIXEL_ROCS / PIXEL_MODULES, which look up
-- the FED cabling of every row): a week of readbacks is 300 000 rows. LEFT JOINs on unique keys
-- (every readback is of a known ROC, so the rows are those of inner joins): the readbacks come
-- first, the newest run's page walks their (RUN_NUMBER DESC, ROC_NAME) index and looks up its own
-- ROCs only, and a count looks up none. The module is found from the ROC's name (its module's
-- name and _ROC<n>), not from r: a join that refers to r keeps SQLite from leaving r out.
LEFT JOIN "PXL_ROCS" r ON r.roc_name = rb.roc_name
LEFT JOIN "PXL_MODULES" m ON m.module_name = SUBSTR(rb.roc_name, 1, INSTR(rb.roc_name, '_ROC') - 1)
