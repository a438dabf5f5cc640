import CivicPulseCore
import Crypto
import Foundation

/// Graph API's `appsecret_proof`: HMAC-SHA256 of the access token keyed with the app secret, in
/// lower-case hex. With "Require App Secret" on in the Meta app's settings, Graph refuses a token
/// sent without it, so a page token copied off the server is of no use without the secret too.
enum AppSecretProof {
    static func hex(token: BearerToken, appSecret: BearerToken) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(token.value.utf8), using: SymmetricKey(data: Data(appSecret.value.utf8))).lowercaseHex
    }
}
