import CivicPulseCore
import CivicPulseReadModel
import Postgres

/// Every projection a batch is applied to, over one read model, in one declared order.
struct BatchProjections {
    let responses: ResponseProjection
    let reach: ReachProjection
    let spikes: SpikeProjection
    let youTube: YouTubeProjection
    let businessClocks: BusinessClockProjection

    /// The projections over PostgreSQL, in the batch's transaction on `connection`.
    init(connection: Connection, config: PipelineConfig) {
        responses = ResponseProjection(connection: connection, config: config)
        reach = ReachProjection(connection: connection, config: config)
        spikes = SpikeProjection(connection: connection, config: config)
        youTube = YouTubeProjection(connection: connection, config: config)
        businessClocks = BusinessClockProjection(connection: connection, config: config)
    }

    init(responses: ResponseProjection, reach: ReachProjection, spikes: SpikeProjection, youTube: YouTubeProjection,
         businessClocks: BusinessClockProjection) {
        self.responses = responses
        self.reach = reach
        self.spikes = spikes
        self.youTube = youTube
        self.businessClocks = businessClocks
    }

    /// Applies the events, the ones right after the checkpoint. In this order, each step reading
    /// what the one before left: the response items take the urgency facts as they stand before
    /// the batch (the topic spikes found so far); reach, the YouTube videos and the business clocks need nothing of the others; the spike
    /// judgement of the batch's counts comes last and re-decides the urgency of the messages whose
    /// topics' spikes it changed (`SpikeUrgency`, which recomputes their items), this batch's included.
    /// The gaps in the data the detector can see are read before reach records the batch's days,
    /// so that the spike judgement after each transaction sees which of them it filled.
    func apply(_ events: [LoggedEvent]) throws {
        let spikesStart = try spikes.start(events)
        try responses.apply(events, urgency: spikesStart.cover)
        try reach.apply(events)
        try youTube.apply(events)
        try businessClocks.apply(events)
        try spikes.apply(events, from: spikesStart)
    }
}
