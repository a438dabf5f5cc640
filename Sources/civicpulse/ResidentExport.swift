import ArgumentParser
import CivicPulseCore
import CivicPulsePrivacy
import CivicPulseReports
import Foundation

enum ResidentExportFormat: String, ExpressibleByArgument, CaseIterable {
    case json, text, html
}

extension CivicPulse {
    struct ResidentExport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Everything held about one resident: their messages, where and when, and the council's answers.",
            discussion: """
                For a subject access request (Article 15): every message of the resident that can still be \
                read (time, platform, channel, account, service, conversation, text, link), the council's \
                answer to each with how long it took on the wall clock and in working time, and the times \
                of their messages that are held but erased. The export is recorded in the register \
                (privacy.erasures, scope access: when and how many messages, no personal data). A resident \
                never seen, or forgotten, is one line: nothing is held. See docs/privacy.md.
                """
        )

        @OptionGroup var resident: ResidentOptions
        @Option(help: "json, text or html (a page to send the resident).") var format: ResidentExportFormat = .json
        @OptionGroup var file: OutputFileOptions
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var pipeline: PipelineOptions

        func run() throws {
            let config = try pipeline.load()
            let connection = try db.connectToSchema()
            let subject = ResidentRecord.Subject(platform: resident.platform, userID: resident.userID, handle: resident.handle.map(ActorHasher.bareHandle))
            let (record, known) = try connection.transaction {
                let pseudonym = try resident.lookup(on: connection, home: db.homeURL).flatMap { try Pseudonyms.linked(to: $0, on: connection) }
                let record = try ResidentRecord.load(subject, pseudonym: pseudonym, timeZone: config.timeZone,
                                                     outOfHoursAnswer: config.outOfHoursAnswer, on: connection)
                try ErasureRegister.recordAccess(messages: record.messageCount, on: connection)
                return (record, pseudonym != nil)
            }
            guard known else {
                try StandardOutput.line("no resident is known as \(resident.described) here: nothing is held")
                return
            }
            try file.write(try rendered(record), saying: "\(record.messages.count) readable and \(record.unreadable.count) erased messages",
                           quiet: db.quiet)
        }

        private func rendered(_ record: ResidentRecord) throws -> String {
            switch format {
            case .json: try record.json()
            case .text: record.text()
            case .html: record.html()
            }
        }
    }
}
