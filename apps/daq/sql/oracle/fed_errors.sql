CREATE OR REPLACE VIEW "FED_ERRORS" AS
SELECT
    e.run_number AS "RUN_NUMBER",
    r.fill_number AS "FILL_NUMBER",
    e.lumisection_number AS "LUMISECTION_NUMBER",
    e.fed_id AS "FED_ID",
    e.fed_channel AS "FED_CHANNEL",
    e.error_type AS "ERROR_TYPE",
    t.name AS "ERROR_NAME",
    e.errors AS "ERRORS",
    c.module_name AS "MODULE_NAME"
FROM "PXL_FED_ERRORS" e
LEFT JOIN "OMS_RUNS" r ON r.run_number = e.run_number
LEFT JOIN "PXL_FED_ERROR_TYPES" t ON t.code = e.error_type
LEFT JOIN "PXL_FED_CABLING" c ON c.fed_id = e.fed_id AND c.fed_channel = e.fed_channel
