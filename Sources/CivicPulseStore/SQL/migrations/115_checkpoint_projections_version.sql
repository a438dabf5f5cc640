-- Which version of the projections' rows and rules the processor that last moved the checkpoint
-- wrote. A newer binary that keeps a new projection (or changes a rule) finds an older number and
-- rebuilds from the log, so an upgraded database never shows a projection that was never filled
-- (the YouTube tables after migrations 085–089 stayed empty until `process --rebuild`).
-- NULL: written before versions were kept, which every current binary treats as out of date.
ALTER TABLE projections.checkpoints ADD COLUMN projections_version integer;
