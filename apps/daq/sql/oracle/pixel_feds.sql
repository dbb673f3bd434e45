CREATE OR REPLACE VIEW "PIXEL_FEDS" AS
SELECT
    f.fed_id AS "FED_ID",
    f.crate AS "CRATE",
    f.slot AS "SLOT",
    c.subdetector AS "SUBDETECTOR",
    c.half AS "HALF",
    c.channels AS "CHANNELS",
    c.modules AS "MODULES",
    c.rocs AS "ROCS"
FROM "PXL_FEDS" f
-- What the cabling map puts on each FED; a FED never spans a half-shell or half-cylinder.
JOIN (
    SELECT
        cb.fed_id,
        MIN(SUBSTR(cb.module_name, 1, 4)) AS subdetector,
        MIN(m.half) AS half,
        COUNT(*) AS channels,
        COUNT(DISTINCT cb.module_name) AS modules,
        SUM(cb.last_roc - cb.first_roc + 1) AS rocs
    FROM "PXL_FED_CABLING" cb
    JOIN "PXL_MODULES" m ON m.module_name = cb.module_name
    GROUP BY cb.fed_id
) c ON c.fed_id = f.fed_id
