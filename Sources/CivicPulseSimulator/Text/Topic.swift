import CivicPulseCore
import Foundation

/// A subject residents write about, with what they say and what the council answers.
struct Topic: Sendable {
    let name: String
    /// Names of branches, centres or schools the texts may mention.
    let places: [String]
    let questions: [Template]
    let answers: [Template]
    /// The council's own posts about it.
    let posts: [Template]
    /// Talk about the place that is not addressed to the council (listening).
    let chatter: [Template]
    /// The service a central account's keyword routing sends these questions to (nil: none).
    var routedService: String?

    init(_ name: String, places: [String] = [], questions: [String], answers: [String], posts: [String], chatter: [String]) {
        self.name = name
        self.places = places
        self.questions = questions.map(Template.init)
        self.answers = answers.map(Template.init)
        self.posts = posts.map(Template.init)
        self.chatter = chatter.map(Template.init)
    }
}

/// Every topic, with each one's routed service worked out from the pipeline's own rules.
struct TopicCatalogue: Sendable {
    let topics: [Topic]
    /// Index of the flood topic: the crisis weekend's urgent messages.
    let flood: Int
    /// Index of the questions no routing rule matches (council tax, parking …).
    let general: Int

    init(routing: [PipelineConfig.RoutingRule]) {
        var topics = TopicTexts.all
        for index in topics.indices {
            // A topic belongs to the service the router would pick for its first question.
            let sample = topics[index].questions[0].pieces.compactMap { piece -> String? in
                if case .text(let words) = piece { return words } else { return nil }
            }.joined(separator: " ")
            topics[index].routedService = routing.first { $0.keywords.matches(sample) }?.service
        }
        self.topics = topics
        flood = topics.firstIndex { $0.name == "flood" }!
        general = topics.firstIndex { $0.name == "general" }!
    }

    /// Topics residents write to an account of `service` about: its own subject, or on a
    /// central account any everyday subject (routing sorts them out).
    func topics(forService service: String, central: Bool) -> [Int] {
        let everyday = topics.indices.filter { $0 != flood }
        if central { return everyday }
        let own = everyday.filter { topics[$0].routedService == service }
        return own.isEmpty ? [general] : own
    }

    /// Nudges a resident sends before anyone has answered.
    static let nudges = [
        "Any update on this please?", "Hello? Still waiting for a reply.", "Is anyone reading these?",
        "Just adding: it's still the same {time}.", "Sorry, forgot to say it's outside number {ref}.",
    ].map(Template.init)

    /// What a resident says after the council's answer.
    static let followUps = [
        "Thanks, appreciate the quick reply.", "That's not what happened, can someone call me?",
        "Thank you!", "Still nothing {time}, can you chase it?", "OK, reference noted. Thanks.",
        "That link doesn't work for me.",
    ].map(Template.init)

    /// The council's answer to a follow-up.
    static let secondAnswers = [
        "Thanks {first}, glad we could help. ^{staff}", "Sorry to hear that, {first}. Please DM us your phone number and we'll call you. ^{staff}",
        "We've chased this with the team today, {first}. ^{staff}", "Try this one instead: harbourside.gov.example/contact ^{staff}",
    ].map(Template.init)
}
