-- The weekly summary's most discussed YouTube videos: residents' comments per video, kept by the
-- processor (YouTubeRows) so the summary no longer counts them in the log. Per instant, not per
-- day, so a summary cut at an --as-of instant counts exactly the comments made before it.
CREATE TABLE projections.youtube_comments (
    org         text NOT NULL,
    occurred_at timestamptz NOT NULL,
    video_id    text NOT NULL,
    comments    bigint NOT NULL,
    PRIMARY KEY (org, occurred_at, video_id)
);
COMMENT ON TABLE projections.youtube_comments IS
    'Residents'' comments on YouTube videos, per org, instant and video.';
