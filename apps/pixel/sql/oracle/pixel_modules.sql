CREATE OR REPLACE VIEW "PIXEL_MODULES" AS
SELECT
    m.module_name AS "NAME",
    SUBSTR(m.module_name, 1, 4) AS "SUBDETECTOR",
    -- The DQM ROC map the module is drawn on: one per BPix layer and per FPix ring.
    CASE WHEN m.layer IS NOT NULL THEN 'BPix_L' || m.layer ELSE 'FPix_R' || m.ring END AS "MAP_NAME",
    CASE WHEN m.layer IS NOT NULL THEN m.half END AS "HALF_SHELL",
    m.sector AS "SECTOR",
    m.layer AS "LAYER",
    m.ladder AS "LADDER",
    m.module AS "MODULE",
    CASE WHEN m.layer IS NULL THEN m.half END AS "HALF_CYLINDER",
    m.disk AS "DISK",
    m.blade AS "BLADE",
    m.panel AS "PANEL",
    m.ring AS "RING",
    m.det_id AS "DET_ID",
    -- A module is cabled to one FED, on consecutive channels from its ROC 0 to its ROC 15.
    f.fed_id AS "FED_ID",
    f.fed_channel AS "FIRST_FED_CHANNEL",
    l.fed_channel AS "LAST_FED_CHANNEL",
    m.map_x AS "MAP_X",
    m.map_y AS "MAP_Y",
    -- Powered per BPix sector of a half-shell, per FPix disk of a half-cylinder (DCS power groups).
    CASE WHEN m.layer IS NOT NULL THEN 'BPix_' || m.half || '_SEC' || m.sector
         ELSE 'FPix_' || m.half || '_D' || m.disk END AS "POWER_GROUP"
FROM "PXL_MODULES" m
LEFT JOIN "PXL_FED_CABLING" f ON f.module_name = m.module_name AND f.first_roc = 0
LEFT JOIN "PXL_FED_CABLING" l ON l.module_name = m.module_name AND l.last_roc = 15
