CREATE OR REPLACE VIEW "READBACKS" AS
SELECT
    rb.run_number AS "RUN_NUMBER",
    rb.roc_name AS "ROC_NAME",
    r.module_name AS "MODULE_NAME",
    r.roc AS "ROC",
    pm."DET_ID",
    pm."SUBDETECTOR",
    pm."MAP_NAME",
    pm."LAYER",
    pm."DISK",
    pm."RING",
    rb.vd AS "VD",
    rb.va AS "VA",
    rb.vana_dac AS "VANA_DAC",
    rb.vana AS "VANA",
    rb.vbg AS "VBG",
    rb.iana AS "IANA",
    r.map_x AS "MAP_X",
    r.map_y AS "MAP_Y"
FROM "PXL_READBACKS" rb
-- The ROC and its module, without PIXEL_ROCS's FED cabling (a range join per ROC): a week of
-- readbacks is 300 000 rows. Inner joins let SQLite merge PIXEL_MODULES and use its indexes.
JOIN "PXL_ROCS" r ON r.roc_name = rb.roc_name
JOIN "PIXEL_MODULES" pm ON pm."NAME" = r.module_name
