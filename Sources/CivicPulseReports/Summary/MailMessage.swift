import Foundation

/// A ready-to-send e-mail (RFC 5322 with MIME): a text part and an HTML part as
/// `multipart/alternative`, so any mail program shows the best it can. Written with CRLF line
/// ends and base64 bodies (UTF-8 text survives every relay), for `sendmail -t` to send as is.
public struct MailMessage: Sendable {
    public var from: String
    public var to: String
    public var subject: String
    public var date: Date
    public var text: String
    public var html: String
    /// `<uuid@domain>`, the domain being the sender's, so replies and threads can refer to it.
    public var messageID: String
    public var boundary: String

    public init(from: String, to: String, subject: String, date: Date = Date(), text: String, html: String, id: UUID = UUID()) throws {
        for (field, value) in [("From", from), ("To", to)] {
            do { _ = try MailAddress(value) } catch let problem as ArgumentProblem {
                throw MailError.badHeader(field: field, value: value, problem: problem)
            }
        }
        // The subject comes from the pipeline's org name: a line break there would start a header.
        if subject.contains(where: \.breaksLine) {
            throw MailError.badHeader(field: "Subject", value: subject, problem: .spansLines)
        }
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.text = text
        self.html = html
        let domain = from.split(separator: "@").last.map(String.init) ?? ""
        messageID = "<\(id.uuidString.lowercased())@\(domain)>"
        boundary = "=_civicpulse_" + id.uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    public enum MailError: Error, CustomStringConvertible {
        case badHeader(field: String, value: String, problem: ArgumentProblem)

        /// The value as Swift spells a string literal, so a line break shows as `\r\n` and the
        /// message stays one line.
        public var description: String {
            switch self {
            case .badHeader(let field, let value, let problem): "\(field) \(String(reflecting: value)) \(problem)"
            }
        }
    }

    /// The whole message as the mail system takes it.
    public func render() -> String {
        let headers = [
            "From: \(from)",
            "To: \(to)",
            "Subject: \(Self.encodedWords(subject))",
            "Date: \(Self.rfc5322(date))",
            "Message-ID: \(messageID)",
            "MIME-Version: 1.0",
            "Auto-Submitted: auto-generated",
            "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"",
        ]
        let parts = [part("text/plain", text), part("text/html", html)]
        let body = ["This is a multi-part message in MIME format.", ""]
            + parts.flatMap { ["--\(boundary)"] + $0 } + ["--\(boundary)--", ""]
        return (headers + [""] + body).joined(separator: "\r\n")
    }

    /// Text in canonical form (CRLF line ends, RFC 2045) before it is encoded.
    private func part(_ type: String, _ content: String) -> [String] {
        ["Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""] + Self.base64Lines(Data(content.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)) + [""]
    }

    /// Base64 in lines of 76 characters, as MIME requires.
    static func base64Lines(_ data: Data) -> [String] {
        let encoded = data.base64EncodedString()
        return stride(from: 0, to: encoded.count, by: 76).map { start in
            let from = encoded.index(encoded.startIndex, offsetBy: start)
            return String(encoded[from..<(encoded.index(from, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex)])
        }
    }

    /// A header value as is when it is plain ASCII, else RFC 2047 encoded words (`=?UTF-8?B?…?=`)
    /// never splitting a character, folded onto continuation lines. Words are at most 66
    /// characters, so even the first line, after `Subject: `, stays within RFC 2047's 76.
    static func encodedWords(_ value: String) -> String {
        if value.allSatisfy({ $0.isASCII && !$0.isNewline }) { return value }
        var words: [String] = []
        var chunk = Data()
        for char in value {
            let bytes = Data(String(char).utf8)
            // 12 characters of `=?UTF-8?B?` and `?=`; base64 of n bytes is 4⌈n/3⌉ characters.
            if !chunk.isEmpty, 12 + 4 * ((chunk.count + bytes.count + 2) / 3) > 66 {
                words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=")
                chunk = Data()
            }
            chunk.append(bytes)
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// `Wed, 25 Nov 2026 13:10:00 +0000`.
    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}

extension WeeklySummary {
    /// The subject line executives see in their inbox.
    public var mailSubject: String {
        "\(header.orgName) — weekly summary \(isoWeek)"
    }

    /// The summary as an e-mail: the text form and the HTML form of the same figures.
    public func mail(from: String, to: String, date: Date = Date()) throws -> MailMessage {
        try MailMessage(from: from, to: to, subject: mailSubject, date: date, text: text(), html: html())
    }
}
