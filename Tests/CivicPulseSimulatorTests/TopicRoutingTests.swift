import CivicPulseCore
@testable import CivicPulseSimulator
import XCTest

/// Residents' words must reach the team the pipeline's rules intend: a street name or a
/// stray word must not pull a question to another service.
final class TopicRoutingTests: XCTestCase {
    func testEveryQuestionRoutesToItsTopicsServiceWhateverFillsItsBlanks() {
        let catalogue = TopicCatalogue(routing: harbourside.routing)
        let expected = ["waste": "waste", "libraries": "libraries", "leisure": "leisure", "highways": "highways", "schools": "schools"]
        for topic in catalogue.topics where topic.name != "flood" {
            XCTAssertEqual(topic.routedService, expected[topic.name], topic.name)
            for template in topic.questions {
                var random = SeededRandom(seed: 9)
                for _ in 0..<40 {
                    let text = TemplateFill(town: "Harbourside", places: topic.places, first: "Sam").render(template, random: &random)
                    let routed = harbourside.routing.first { $0.keywords.matches(text) }?.service
                    XCTAssertEqual(routed, topic.routedService, "'\(text)' (\(topic.name))")
                }
            }
        }
    }

    func testFloodMessagesUseTheCrisisWords() {
        let flood = TopicCatalogue(routing: harbourside.routing).topics.first { $0.name == "flood" }!
        let words = KeywordMatcher(["flood", "flooding", "flooded", "road closed", "power cut", "sandbags"])
        var random = SeededRandom(seed: 3)
        for template in flood.questions + flood.chatter {
            let text = TemplateFill(town: "Harbourside", places: flood.places, first: "Sam").render(template, random: &random)
            XCTAssertTrue(words.matches(text), text)
        }
    }

    func testSeededRandomIsTheSameForASeedAndDiffersAcrossSeeds() {
        var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42), c = SeededRandom(seed: 43)
        let first = (0..<5).map { _ in a.next() }
        XCTAssertEqual(first, (0..<5).map { _ in b.next() })
        XCTAssertNotEqual(first, (0..<5).map { _ in c.next() })
        var d = SeededRandom(seed: 1)
        let mean = (0..<20_000).map { _ in Double(d.poisson(4)) }.reduce(0, +) / 20_000
        XCTAssertEqual(mean, 4, accuracy: 0.1)
    }
}
