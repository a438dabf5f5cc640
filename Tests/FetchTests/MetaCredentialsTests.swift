@testable import CivicPulseFetch
import XCTest

/// Graph API credentials: a token per Page and the app secret that proves each request.
final class MetaCredentialsTests: XCTestCase {
    func testPageTokensAreReadByPageIDAndABadEntryIsNamedNotShown() throws {
        let credentials = try Credentials.load(environment: [
            "CIVICPULSE_META_PAGE_TOKENS": "110000000000001=EAAPage1token, 110000000000002 = EAAPage2token",
            "CIVICPULSE_META_APP_SECRET": "app-secret",
        ], file: nil)
        let tokens = try credentials.metaPageTokens()
        XCTAssertEqual(tokens.mapValues(\.value), ["110000000000001": "EAAPage1token", "110000000000002": "EAAPage2token"])
        XCTAssertEqual(credentials.optionalMetaAppSecret()?.value, "app-secret")
        for (bad, message) in [
            ("110000000000001=EAAok,EAAsecret-without-a-page", "entry 2: expected <page id>=<page token> (the Page's numeric id)"),
            ("harbourside=EAAsecret", "entry 1: expected <page id>=<page token> (the Page's numeric id)"),
            ("110000000000001=", "entry 1: Page 110000000000001 has no token"),
        ] {
            XCTAssertThrowsError(try Credentials.load(environment: ["CIVICPULSE_META_PAGE_TOKENS": bad], file: nil).metaPageTokens()) { error in
                XCTAssertEqual("\(error)", "CIVICPULSE_META_PAGE_TOKENS: \(message)")
                XCTAssertFalse("\(error)".contains("EAAsecret"))
            }
        }
    }

    func testMissingMetaCredentialsSayWhereToPutThem() throws {
        XCTAssertThrowsError(try Credentials.load(environment: [:], file: nil).metaPageTokens()) { error in
            XCTAssertTrue("\(error)".hasPrefix("no Facebook Page tokens: set CIVICPULSE_META_PAGE_TOKENS"), "\(error)")
        }
        XCTAssertNil(try Credentials.load(environment: ["CIVICPULSE_META_PAGE_TOKENS": "1=t"], file: nil).optionalMetaAppSecret(),
                     "an app that does not require appsecret_proof needs no secret")
    }

    func testTheAppSecretProofIsHMACSHA256OfTheTokenKeyedWithTheSecretInHex() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        XCTAssertEqual(AppSecretProof.hex(token: BearerToken("what do ya want for nothing?"), appSecret: BearerToken("Jefe")),
                       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}
