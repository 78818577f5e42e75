-- 0008-reserved.sql: this number belongs to another change of issue 11,
-- made on another branch; this empty step only keeps the numbers without
-- gaps until that migration replaces it (delete this file then).
SELECT 1;
