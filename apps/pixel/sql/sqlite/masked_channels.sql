CREATE VIEW "MASKED_CHANNELS" AS
SELECT
    mc.run_number AS "RUN_NUMBER",
    mc.first_ls AS "FIRST_LUMISECTION_NUMBER",
    mc.last_ls AS "LAST_LUMISECTION_NUMBER",
    mc.last_ls - mc.first_ls + 1 AS "LUMISECTIONS",
    mc.fed_id AS "FED_ID",
    mc.fed_channel AS "FED_CHANNEL",
    mc.source AS "SOURCE",
    c.module_name AS "MODULE_NAME",
    c.first_roc AS "FIRST_ROC",
    c.last_roc AS "LAST_ROC",
    c.last_roc - c.first_roc + 1 AS "ROCS"
FROM "PXL_MASKED_CHANNELS" mc
LEFT JOIN "PXL_FED_CABLING" c ON c.fed_id = mc.fed_id AND c.fed_channel = mc.fed_channel
