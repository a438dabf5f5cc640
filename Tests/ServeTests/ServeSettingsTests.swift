import XCTest
@testable import CivicPulseServe

final class ServeSettingsTests: XCTestCase {
    let listen = ListenAddress("127.0.0.1:8080")!

    func testTheVerifyTokenMustMatchWhole() {
        let settings = ServeSettings(listen: listen, maxBody: 1, environment: [ServeSettings.metaVerifyTokenVariable: "token-1"])
        XCTAssertTrue(settings.isMetaVerifyToken("token-1"))
        XCTAssertFalse(settings.isMetaVerifyToken("token-"))
        XCTAssertFalse(settings.isMetaVerifyToken("token-12"))
        XCTAssertFalse(settings.isMetaVerifyToken(""))
    }

    func testAnUnsetVerifyTokenMatchesNothing() {
        for environment in [[:], [ServeSettings.metaVerifyTokenVariable: ""]] {
            let settings = ServeSettings(listen: listen, maxBody: 1, environment: environment)
            XCTAssertFalse(settings.isMetaVerifyToken(""))
        }
    }

    /// A route without its secret is named once, by the variable to set, and no value is ever shown.
    func testRoutesOffAreNamedWithoutSecrets() {
        let none = ServeSettings(listen: listen, maxBody: 1, environment: [:])
        XCTAssertEqual(none.routesOff, [
            "/webhooks/meta is off (503): CIVICPULSE_META_APP_SECRET is not set",
            "/webhooks/x is off (503): CIVICPULSE_X_CONSUMER_SECRET is not set",
        ])
        let secrets = [ServeSettings.metaAppSecretVariable: "app-secret-value", ServeSettings.xConsumerSecretVariable: "x-secret-value"]
        let noToken = ServeSettings(listen: listen, maxBody: 1, environment: secrets)
        XCTAssertEqual(noToken.routesOff, ["/webhooks/meta cannot be subscribed (GET answers 503): CIVICPULSE_META_VERIFY_TOKEN is not set"])
        let all = ServeSettings(listen: listen, maxBody: 1, environment: secrets.merging([ServeSettings.metaVerifyTokenVariable: "t"]) { $1 })
        XCTAssertEqual(all.routesOff, [])
    }
}
