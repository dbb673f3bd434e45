CREATE OR REPLACE VIEW "READBACKS" AS
SELECT
    rb.run_number AS "RUN_NUMBER",
    rb.roc_name AS "ROC_NAME",
    p."MODULE_NAME",
    p."ROC",
    p."DET_ID",
    p."SUBDETECTOR",
    p."MAP_NAME",
    p."LAYER",
    p."DISK",
    p."RING",
    rb.vd AS "VD",
    rb.va AS "VA",
    rb.vana_dac AS "VANA_DAC",
    rb.vana AS "VANA",
    rb.vbg AS "VBG",
    rb.iana AS "IANA",
    p."MAP_X",
    p."MAP_Y"
FROM "PXL_READBACKS" rb
-- Inner join, as in MASKED_ROCS: SQLite merges PIXEL_ROCS into the query and uses its indexes.
JOIN "PIXEL_ROCS" p ON p."NAME" = rb.roc_name
