CREATE OR REPLACE VIEW "PIXEL_ROCS" AS
SELECT
    r.roc_name AS "NAME",
    pm."SUBDETECTOR",
    pm."MAP_NAME",
    pm."HALF_SHELL",
    pm."SECTOR",
    pm."LAYER",
    pm."LADDER",
    pm."MODULE",
    pm."HALF_CYLINDER",
    pm."DISK",
    pm."BLADE",
    pm."PANEL",
    pm."RING",
    pm."DET_ID",
    r.module_name AS "MODULE_NAME",
    r.roc AS "ROC",
    c.fed_id AS "FED_ID",
    c.fed_channel AS "FED_CHANNEL",
    r.map_x AS "MAP_X",
    r.map_y AS "MAP_Y"
FROM "PXL_ROCS" r
JOIN "PIXEL_MODULES" pm ON pm."NAME" = r.module_name
LEFT JOIN "PXL_FED_CABLING" c ON c.module_name = r.module_name AND r.roc BETWEEN c.first_roc AND c.last_roc
