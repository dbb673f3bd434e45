CREATE OR REPLACE VIEW "READBACK_OUTLIERS" AS
-- Each run's ROCs whose Vana (the Readback page's first quantity) lies beyond |robust z| > 3
-- within their BPix layer or FPix ring, as readback_distribution finds them:
-- |Vana - median| > 3 x 1.4826 x MAD of the part (MAD = 0: none). A median is the mean of the
-- middle one or two values (2 x rank BETWEEN n AND n + 2), computed once per run and part.
-- Sorting a run's 30 000 readbacks twice is too slow for a timeline read live, and readbacks are
-- written once per run: DB work creates this as a materialized view refreshed when a run's
-- readbacks are loaded (docs/oracle.md); the demo database materialises it as a table.
WITH readings AS (
    SELECT rb.run_number, rb.roc_name, rb.vana,
        CASE WHEN m.layer IS NOT NULL THEN 'L' || m.layer ELSE 'R' || m.ring END AS part
    FROM "PXL_READBACKS" rb
    JOIN "PXL_ROCS" r ON r.roc_name = rb.roc_name
    JOIN "PXL_MODULES" m ON m.module_name = r.module_name
    WHERE rb.vana IS NOT NULL
), ranked AS (
    SELECT g.run_number, g.part, g.vana,
        ROW_NUMBER() OVER (PARTITION BY g.run_number, g.part ORDER BY g.vana) AS rn,
        COUNT(*) OVER (PARTITION BY g.run_number, g.part) AS n
    FROM readings g
), centres AS (
    SELECT k.run_number, k.part, AVG(k.vana) AS centre
    FROM ranked k
    WHERE 2 * k.rn BETWEEN k.n AND k.n + 2
    GROUP BY k.run_number, k.part
), deviations AS (
    SELECT g.run_number, g.part, ABS(g.vana - c.centre) AS dev,
        ROW_NUMBER() OVER (PARTITION BY g.run_number, g.part ORDER BY ABS(g.vana - c.centre)) AS rn,
        COUNT(*) OVER (PARTITION BY g.run_number, g.part) AS n
    FROM readings g
    JOIN centres c ON c.run_number = g.run_number AND c.part = g.part
), spreads AS (
    SELECT d.run_number, d.part, AVG(d.dev) AS mad
    FROM deviations d
    WHERE 2 * d.rn BETWEEN d.n AND d.n + 2
    GROUP BY d.run_number, d.part
)
SELECT
    'vana-' || g.run_number || '-' || g.roc_name AS "OUTLIER_ID", g.run_number AS "RUN_NUMBER",
    g.roc_name AS "ROC_NAME", g.part AS "PART", g.vana AS "VANA", c.centre AS "MEDIAN_VANA",
    s.mad AS "MAD_VANA"
FROM readings g
JOIN centres c ON c.run_number = g.run_number AND c.part = g.part
JOIN spreads s ON s.run_number = g.run_number AND s.part = g.part
WHERE s.mad > 0 AND ABS(g.vana - c.centre) > 3 * 1.4826 * s.mad
