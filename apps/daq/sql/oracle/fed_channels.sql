CREATE OR REPLACE VIEW "FED_CHANNELS" AS
SELECT
    s.run_number AS "RUN_NUMBER",
    s.first_ls AS "FIRST_LUMISECTION_NUMBER",
    s.last_ls AS "LAST_LUMISECTION_NUMBER",
    s.last_ls - s.first_ls + 1 AS "LUMISECTIONS",
    s.fed_id AS "FED_ID",
    s.fed_channel AS "FED_CHANNEL",
    s.state AS "STATE",
    c.module_name AS "MODULE_NAME",
    c.first_roc AS "FIRST_ROC",
    c.last_roc AS "LAST_ROC",
    c.last_roc - c.first_roc + 1 AS "ROCS",
    s.errors AS "ERRORS",
    s.timeouts AS "TIMEOUTS",
    s.tbm_errors AS "TBM_ERRORS"
FROM "PXL_FED_CHANNEL_STATES" s
LEFT JOIN "PXL_FED_CABLING" c ON c.fed_id = s.fed_id AND c.fed_channel = s.fed_channel
