import CivicPulseCore
import Foundation

extension ResidentRecord {
    /// The record as JSON, every key present (null when empty), as the JSON reports write it.
    public func json() throws -> String {
        try reportJSON(self) + "\n"
    }

    /// The record as text for a person: times on the council's clock, every resident's and
    /// council's text through `TerminalText`, so a payload cannot act on the terminal.
    public func text() -> String {
        let zone = TimeZone(identifier: timeZone) ?? .gmt
        var lines = ["Everything held about \(subjectName) (\(Formatting.local(generatedAt, in: zone)) \(timeZone))",
                     "\(Formatting.count(messages.count)) message\(messages.count == 1 ? "" : "s") readable; "
                         + "\(Formatting.count(unreadable.count)) held but erased (time only)"]
        for message in messages {
            lines.append("")
            lines.append("\(Formatting.local(message.time, in: zone))  \(safe(message.platform)) \(Self.words(forKind: message.kind)) to \(safe(message.account)) "
                         + "(channel \(safe(message.channel)), service \(safe(message.service))), message \(safe(message.messageID))"
                         + (message.conversation.map { ", conversation \(safe($0))" } ?? ""))
            if let text = message.text { lines.append("  \(safe(text))") }
            if let link = message.link { lines.append("  link: \(safe(link))") }
            lines.append("  " + answerLine(message.item, zone: zone))
        }
        if !unreadable.times.isEmpty {
            lines.append("")
            lines.append("Erased (text and link no longer readable), written at:")
            lines += unreadable.times.map { "  \(Formatting.local($0, in: zone))" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The record as one HTML page: every value escaped, a link only where `WebLink` allows one.
    public func html() -> String {
        let zone = TimeZone(identifier: timeZone) ?? .gmt
        var body = ["<h1>Everything held about \(HTML.escape(subjectName))</h1>",
                    "<p>Made \(HTML.escape(Formatting.local(generatedAt, in: zone))) (\(HTML.escape(timeZone))). "
                        + "\(messages.count) message\(messages.count == 1 ? "" : "s") readable; \(unreadable.count) held but erased (time only).</p>"]
        for message in messages {
            body.append("<section>")
            body.append("<h2>\(HTML.escape(Formatting.local(message.time, in: zone))): \(HTML.escape(message.platform)) \(HTML.escape(Self.words(forKind: message.kind))) to \(HTML.escape(message.account))</h2>")
            body.append("<p>Channel \(HTML.escape(message.channel)), service \(HTML.escape(message.service)), message \(HTML.escape(message.messageID))"
                        + (message.conversation.map { ", conversation \(HTML.escape($0))" } ?? "") + ".</p>")
            if let text = message.text { body.append("<blockquote>\(HTML.escape(text))</blockquote>") }
            if let link = message.link { body.append("<p>Link: \(HTML.link(link, text: link))</p>") }
            body.append("<p>\(HTML.escape(answerLine(message.item, zone: zone)))</p>")
            body.append("</section>")
        }
        if !unreadable.times.isEmpty {
            body.append("<h2>Erased (text and link no longer readable)</h2>")
            body.append("<ul>" + unreadable.times.map { "<li>\(HTML.escape(Formatting.local($0, in: zone)))</li>" }.joined() + "</ul>")
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Subject access: \(HTML.escape(subjectName))</title></head>
            <body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    /// A message's kind in the words of the page sent to the resident (`message`, `comment`),
    /// not the log's names (`inbound_message`), which the JSON keeps for a machine.
    static func words(forKind kind: String) -> String {
        switch EventKind(rawValue: kind) {
        case .inboundMessage: "message"
        case .mention: "post"
        default: kind.replacingOccurrences(of: "_", with: " ")
        }
    }

    private var subjectName: String {
        "\(subject.platform) " + (subject.handle.map { "@\($0)" } ?? "user \(subject.userID ?? "")")
    }

    private func safe(_ text: String) -> String {
        TerminalText.safe(text)
    }

    /// What came of the message: no answer awaited, not answered yet, or the council's answer
    /// with how long it took on the wall clock and in working time.
    private func answerLine(_ item: Item?, zone: TimeZone) -> String {
        guard let item else { return "no answer awaited" }
        guard let answer = item.answer else { return "not answered" + (item.dueAt.map { " (due \(Formatting.local($0, in: zone)))" } ?? "") }
        // A message with no reply row of its own (none recorded for it) has no wait of its own to tell.
        let waitedLess = answer.replySeconds.map { $0 != answer.seconds } ?? false
        return "answered \(Formatting.local(answer.time, in: zone))" + (answer.account.map { " by \(safe($0))" } ?? "")
            + " after \(Formatting.duration(answer.seconds)) (\(Formatting.duration(answer.businessSeconds)) working time)"
            + (waitedLess ? ", \(Formatting.duration(answer.replySeconds)) "
                + "(\(Formatting.duration(answer.businessReplySeconds)) working time) after this message" : "")
            + (answer.text.map { ": \(safe($0))" } ?? "")
    }
}
