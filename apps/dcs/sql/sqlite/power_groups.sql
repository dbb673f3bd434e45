-- Override: sqlglot writes LISTAGG … WITHIN GROUP (ORDER BY …) as GROUP_CONCAT(… ORDER BY …),
-- which SQLite accepts only from 3.44 (Debian bookworm ships 3.40); GROUP_CONCAT over an
-- ordered subquery keeps the order.
CREATE VIEW "POWER_GROUPS" AS
SELECT
    g.name AS "NAME",
    SUBSTR(g.name, 1, 4) AS "SUBDETECTOR",
    CASE WHEN g.sector IS NOT NULL THEN g.half END AS "HALF_SHELL",
    g.sector AS "SECTOR",
    CASE WHEN g.disk IS NOT NULL THEN g.half END AS "HALF_CYLINDER",
    g.disk AS "DISK",
    (SELECT a.name FROM "DCS_CHANNELS" a WHERE a.power_group = g.name AND a.kind = 'lv_analog') AS "LV_ANALOG_CHANNEL",
    (SELECT d.name FROM "DCS_CHANNELS" d WHERE d.power_group = g.name AND d.kind = 'lv_digital') AS "LV_DIGITAL_CHANNEL",
    (SELECT GROUP_CONCAT(o.name, ',') FROM (
        SELECT h.name FROM "DCS_CHANNELS" h WHERE h.power_group = g.name AND h.kind = 'hv' ORDER BY h.name
     ) o) AS "HV_CHANNELS",
    (SELECT COUNT(*) FROM "PIXEL_MODULES" m WHERE m."POWER_GROUP" = g.name) AS "MODULES"
FROM "DCS_POWER_GROUPS" g
