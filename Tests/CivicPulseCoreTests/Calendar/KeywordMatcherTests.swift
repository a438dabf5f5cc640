import XCTest
@testable import CivicPulseCore

final class KeywordMatcherTests: XCTestCase {
    private let emergency = KeywordMatcher(SLAPolicy.defaultEmergencyKeywords)

    func testWholeWordsOnly() {
        XCTAssertFalse(emergency.matches("The floodlights at the park are broken"))
        XCTAssertFalse(emergency.matches("floodlight"))
        XCTAssertTrue(emergency.matches("Flooding on the high street again"))
        XCTAssertTrue(emergency.matches("flood."))
        XCTAssertTrue(emergency.matches("(FLOOD)"))
        XCTAssertFalse(emergency.matches("Bloodflood"))
    }

    func testHashtagsMatchTheirTermAndHashtagTerms() {
        XCTAssertTrue(emergency.matches("Water everywhere #flood"))
        XCTAssertTrue(emergency.matches("#Flood warning"))
        let hashtagOnly = KeywordMatcher(["#flood"])
        XCTAssertTrue(hashtagOnly.matches("Look #FLOOD"))
        XCTAssertFalse(hashtagOnly.matches("there is a flood"))
        XCTAssertFalse(hashtagOnly.matches("#floodlight"))
        XCTAssertFalse(KeywordMatcher(["flood"]).matches("#floodlights"))
    }

    func testPhrasesMatchWordsInARowOrAJoinedHashtag() {
        XCTAssertTrue(emergency.matches("Road Closed at the junction"))
        XCTAssertTrue(emergency.matches("road-closed sign is down"))
        XCTAssertTrue(emergency.matches("#RoadClosed by police"))
        XCTAssertTrue(emergency.matches("#road_closed"))
        XCTAssertFalse(emergency.matches("the road is closed"), "a phrase needs its words together")
        XCTAssertFalse(emergency.matches("road"))
        XCTAssertTrue(emergency.matches("we have had no heating since Monday"))
    }

    /// The quick "no" for plain ASCII text never disagrees with splitting the text into words:
    /// 20,000 messages made of keywords' pieces, cases, hashtags, mentions, addresses and joins.
    func testTheQuickCheckAgreesWithSplittingIntoWords() {
        let matchers = [emergency, KeywordMatcher(["#flood", "tân", "power cut"]), KeywordMatcher(["k", "kid"]), KeywordMatcher([])]
        let pieces = ["flood", "FLOOD", "Flood", "floods", "floodlight", "#flood", "#Flood_Warning", "#fl_ood", "#road_closed", "#ro_ad_closed", "#RoadClosed",
                      "road", "Road", "closed", "road-closed", "power", "cut", "powercut", "@flood", "https://x.gov/flood", "www.flood.org",
                      "no", "heating", "gas", "leak", "the", "a", "K", "Tân", "\u{212A}", "\u{212A}ID", "İ", "’", "🌊", "ﬂood", "ＦＬＯＯＤ", "＃flood", "tree", "fallen", ".", ",", "!", "-", "_", "#", "@"]
        assertMatchesAgreeWithSplitting(matchers, texts: pieces, joined: [" ", "", "  ", "\n"])
    }

    /// ASCII text is matched in one pass over its bytes: it finds what splitting the text into
    /// words finds, at word boundaries, in either case, in hashtags with underscores, and never
    /// in @mentions, web addresses or a word that only contains a term; a non-ASCII term never
    /// matches ASCII text.
    func testTheByteScanOfASCIITextAgreesWithSplittingIntoWords() {
        let matchers = [emergency, KeywordMatcher(["#flood", "tân", "power cut", "no heating"]), KeywordMatcher(["k", "kid", "road closed now", "2"]),
                        KeywordMatcher(["café", "flood"])]
        let pieces = ["flood", "FLOOD", "fLoOd", "floods", "floodlight", "bloodflood", "flood2", "2flood", "2", "x#flood", "#flood", "##flood",
                      "#_flood", "#__", "#flood_", "#Road_Closed", "#roadclosednow", "@flood", "@_flood", "a@flood", "road", "ROAD", "closed",
                      "now", "road-closed", "power", "cut", "no", "NO", "heating", "#noheating", "#no", "k", "K", "kid", "kids",
                      "http://flood.gov", "HTTPS://x/flood", "Www.flood", "wwwflood", "www.", "http:/flood", "xhttp://flood",
                      "cafe", "tan", ".", ",", "!", "-", "_", "#", "@", "/", "(", ")", "'"]
        assertMatchesAgreeWithSplitting(matchers, texts: pieces, joined: [" ", "", "\t", "\n", "\u{0B}", "-", "_", "#", "@"])
        XCTAssertTrue(emergency.matches("NO HEATING since Monday"))
        XCTAssertTrue(emergency.matches("#No_Heating"))
        XCTAssertFalse(emergency.matches("no-one is heating it"))
        XCTAssertFalse(emergency.matches("www.noheating.org no"))
        XCTAssertFalse(KeywordMatcher(["tân"]).matches("tan"))
    }

    func testUnicodeCaseAndAccents() {
        let welsh = KeywordMatcher(["tân", "ffordd ar gau"])
        XCTAssertTrue(welsh.matches("TÂN yn y dref"))
        XCTAssertTrue(welsh.matches("ta\u{302}n"), "decomposed accent is the same letter")
        XCTAssertFalse(welsh.matches("tan yfory"), "accents are not folded")
        XCTAssertTrue(welsh.matches("Ffordd ar gau ger yr ysgol"))
        XCTAssertTrue(KeywordMatcher(["straße"]).matches("STRAẞE gesperrt"))
        XCTAssertTrue(KeywordMatcher(["café"]).matches("Le CAFÉ est fermé"))
    }

    func testMentionsAndAddressesAreIgnored() {
        XCTAssertFalse(emergency.matches("@flood_team any news?"))
        XCTAssertFalse(emergency.matches("see https://example.gov.uk/flood-alerts"))
        XCTAssertFalse(emergency.matches("see www.example.gov.uk/flood"))
        XCTAssertTrue(emergency.matches("@council there is a flood"))
    }

    func testMatchedTermsAreReportedOnceInConfiguredOrder() {
        let topics = KeywordMatcher(["bins", "recycling", "#bindayfail", "missed collection"])
        XCTAssertEqual(topics.matchedTerms(in: "Missed collection again, recycling and bins! #BinDayFail bins"),
                       ["bins", "recycling", "#bindayfail", "missed collection"])
        XCTAssertEqual(topics.matchedTerms(in: "nothing here"), [])
    }

    func testProblemTerms() {
        XCTAssertNotNil(KeywordMatcher.problem(with: "!!!"))
        XCTAssertNotNil(KeywordMatcher.problem(with: "#flood warning"))
        XCTAssertNil(KeywordMatcher.problem(with: "road closed"))
        XCTAssertNil(KeywordMatcher.problem(with: "#flood"))
    }

    /// `matches` says yes exactly when splitting into words finds a term, in 20,000 texts of one
    /// to eight of the pieces, joined by one of the separators.
    private func assertMatchesAgreeWithSplitting(_ matchers: [KeywordMatcher], texts pieces: [String], joined separators: [String],
                                                 file: StaticString = #filePath, line: UInt = #line) {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let words = (0..<Int.random(in: 1...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }
            let text = words.joined(separator: separators.randomElement(using: &random)!)
            for matcher in matchers {
                XCTAssertEqual(matcher.matches(text), !matcher.matchedTerms(in: text).isEmpty, "\(matcher.terms): \(text)", file: file, line: line)
            }
        }
    }
}
