-- Served only the weekly summary's count of residents' comments per YouTube video (migration 022),
-- which reads projections.youtube_comments now; every append paid for it.
DROP INDEX civicpulse.events_youtube_comments;
