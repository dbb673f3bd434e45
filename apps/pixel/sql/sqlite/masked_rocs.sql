CREATE VIEW "MASKED_ROCS" AS
SELECT
    x.run_number AS "RUN_NUMBER",
    x.first_ls AS "FIRST_LUMISECTION_NUMBER",
    x.last_ls AS "LAST_LUMISECTION_NUMBER",
    x.last_ls - x.first_ls + 1 AS "LUMISECTIONS",
    x.roc_name AS "ROC_NAME",
    p."MODULE_NAME",
    p."ROC",
    x.source AS "SOURCE",
    x.scope AS "SCOPE",
    p."FED_ID",
    p."FED_CHANNEL",
    p."SUBDETECTOR",
    p."MAP_NAME",
    p."LAYER",
    p."DISK",
    p."RING",
    p."MAP_X",
    p."MAP_Y"
FROM (
    -- ROCs masked one by one, and every ROC of each masked FED channel.
    SELECT run_number, first_ls, last_ls, roc_name, source, CAST('roc' AS VARCHAR(8)) AS scope
    FROM "PXL_MASKED_ROCS"
    UNION ALL
    SELECT mc.run_number, mc.first_ls, mc.last_ls, r.roc_name, mc.source, CAST('channel' AS VARCHAR(8)) AS scope
    FROM "PXL_MASKED_CHANNELS" mc
    JOIN "PXL_FED_CABLING" c ON c.fed_id = mc.fed_id AND c.fed_channel = mc.fed_channel
    JOIN "PXL_ROCS" r ON r.module_name = c.module_name AND r.roc BETWEEN c.first_roc AND c.last_roc
) x
-- Inner join: it lets SQLite merge PIXEL_ROCS into this query and use its indexes (a LEFT JOIN
-- materializes all ROCs on every request); a mask of a ROC not in PXL_ROCS is not listed.
JOIN "PIXEL_ROCS" p ON p."NAME" = x.roc_name
