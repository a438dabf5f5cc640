import XCTest
@testable import CivicPulseServe

final class ListenAddressTests: XCTestCase {
    func testHostAndPort() {
        XCTAssertEqual(ListenAddress("127.0.0.1:8080"), ListenAddress(host: "127.0.0.1", port: 8080))
        XCTAssertEqual(ListenAddress("localhost:1"), ListenAddress(host: "localhost", port: 1))
        XCTAssertEqual(ListenAddress("[::1]:65535"), ListenAddress(host: "::1", port: 65535))
    }

    func testRefused() {
        for text in ["", "8080", "127.0.0.1", "127.0.0.1:", ":8080", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:-1",
                     "127.0.0.1:http", "127.0.0.1:+80", "::1:8080", "[]:8080", "a b:80", "127.0.0.1:80 "] {
            XCTAssertNil(ListenAddress(text), text)
        }
    }
}

extension ListenAddress {
    init(host: String, port: Int) {
        self.init("\(host.contains(":") ? "[\(host)]" : host):\(port)")!
    }
}
