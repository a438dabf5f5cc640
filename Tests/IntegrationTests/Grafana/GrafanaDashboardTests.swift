import CivicPulseIngest
import CivicPulseProcessor
import Foundation
import Postgres
import XCTest

/// Every SQL statement of the Grafana dashboards (deploy/grafana, docs/grafana.md) runs as the
/// analyst role on the processed demo week, with Grafana's macros expanded over that week; and
/// the panels that show a report's figure show the same value as `civicpulse dashboard`.
final class GrafanaDashboardTests: XCTestCase {
    var database: TestDatabase!

    override func setUpWithError() throws {
        database = try TestDatabase()
    }

    override func tearDown() {
        database?.drop()
    }

    /// The demo week, Monday 16 to Sunday 22 November 2026 (Europe/London is UTC in November),
    /// as a Grafana time range ending at the instant the dashboard judges the week at.
    let week = (from: utc("2026-11-16T00:00:00Z"), to: utc("2026-11-23T00:00:00Z"))

    /// The demo data processed, a connection acting as the analyst, and the macros with every
    /// variable at Grafana's "All" (each value its query returns, in turn over earlier variables).
    func analystOnTheDemoWeek(_ dashboard: GrafanaDashboard) throws -> (Connection, GrafanaMacros) {
        let connection = try database.connect()
        try connection.execute("SET ROLE civicpulse_analyst")
        var macros = GrafanaMacros(from: week.from, to: week.to)
        for variable in dashboard.variables {
            let values = try connection.query(Query(unsafeSQL: macros.expand(variable.sql))).map { try $0.decode(String.self, 0) }
            XCTAssertFalse(values.isEmpty, "\(dashboard.file): variable \(variable.name) has no values on the demo week")
            macros.variables[variable.name] = values
        }
        return (connection, macros)
    }

    func loadDemoWeek() throws {
        let connection = try database.connect()
        let ingestor = try Fixtures.ingestor(connection)
        let samples = Fixtures.root.appendingPathComponent("samples/harbourside")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: samples.path), "no samples/harbourside in this checkout")
        for file in PayloadFiles.expand([samples.path]).files { _ = try ingestor.ingest(file: file) }
        try Processor(connection: connection, config: try Fixtures.config()).catchUp()
    }

    func testEveryStatementRunsAsTheAnalystAndFindsRows() throws {
        try loadDemoWeek()
        let dashboards = try GrafanaDashboard.all()
        XCTAssertEqual(dashboards.map(\.file), ["civicpulse-backlog.json", "civicpulse-reach.json", "civicpulse-sla.json", "civicpulse-spikes.json"])
        var statements = 0
        for dashboard in dashboards {
            XCTAssertGreaterThanOrEqual(dashboard.panels.count, 5, "\(dashboard.file) has its panels")
            let (connection, macros) = try analystOnTheDemoWeek(dashboard)
            for panel in dashboard.panels {
                statements += 1
                XCTAssertFalse(panel.sql.isEmpty, "\(dashboard.file): panel \(panel.title) has no rawSql")
                do {
                    let sql = try macros.expand(panel.sql)
                    XCTAssertFalse(sql.contains("projections.") || sql.contains("civicpulse.") || sql.contains("privacy."),
                                   "\(dashboard.file): panel \(panel.title) reads outside analytics.*")
                    let rows = try connection.query(Query(unsafeSQL: sql))
                    XCTAssertFalse(rows.isEmpty, "\(dashboard.file): panel \(panel.title) is empty on the demo week")
                } catch {
                    XCTFail("\(dashboard.file): panel \(panel.title): \(error)\n\(panel.sql)")
                }
            }
        }
        XCTAssertGreaterThanOrEqual(statements, 25)
    }

    /// The stat panels that show a figure of `civicpulse dashboard` show its value for the week.
    func testTheSLAAndBacklogPanelsShowTheDashboardsFigures() throws {
        try loadDemoWeek()
        let report = try JSONSerialization.jsonObject(with: Data(database.civicpulse(
            ["dashboard", "-q", "--from", "2026-11-16", "--to", "2026-11-22", "--format", "json"]).utf8)) as? [String: Any]
        let total = try XCTUnwrap(report?["total"] as? [String: Any])
        let dashboards = try GrafanaDashboard.all()
        func figure(_ file: String, _ title: String) throws -> Double? {
            let dashboard = try XCTUnwrap(dashboards.first { $0.file == file })
            let panel = try XCTUnwrap(dashboard.panels.first { $0.title == title }, "\(file): panel \(title)")
            let (connection, macros) = try analystOnTheDemoWeek(dashboard)
            return try connection.query(Query(unsafeSQL: macros.expand(panel.sql))).first?.decode(Double?.self, 0)
        }
        let rate = try XCTUnwrap(total["within_target_rate"] as? Double)
        XCTAssertEqual(try XCTUnwrap(figure("civicpulse-sla.json", "Within target")), 100 * rate, accuracy: 1e-9)
        XCTAssertEqual(try figure("civicpulse-sla.json", "Items"), (total["inbound"] as? NSNumber)?.doubleValue)
        XCTAssertEqual(try figure("civicpulse-sla.json", "Breaches"), (total["breached"] as? NSNumber)?.doubleValue)
        XCTAssertEqual(try XCTUnwrap(figure("civicpulse-sla.json", "Median first response")),
                       try XCTUnwrap(total["median_first_response_seconds"] as? Double), accuracy: 1e-6)
        XCTAssertEqual(try figure("civicpulse-backlog.json", "Open"), (total["open"] as? NSNumber)?.doubleValue)
        XCTAssertEqual(try XCTUnwrap(figure("civicpulse-backlog.json", "Oldest open")),
                       try XCTUnwrap(total["oldest_open_age_seconds"] as? Double), accuracy: 1e-6)
    }

    /// The data source logs in as the analyst's role with a password from Grafana's environment,
    /// never one written in the file.
    func testTheDataSourceTakesItsPasswordFromTheEnvironment() throws {
        let file = Fixtures.root.appendingPathComponent("deploy/grafana/provisioning/datasources/civicpulse.yaml")
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        XCTAssertTrue(lines.contains("password: $CIVICPULSE_GRAFANA_DB_PASSWORD"), "the password comes from the environment")
        XCTAssertEqual(lines.filter { $0.hasPrefix("password:") }.count, 1)
        XCTAssertTrue(lines.contains("uid: civicpulse-analytics") || lines.contains { $0.hasPrefix("uid: civicpulse-analytics ") })
        for dashboard in try GrafanaDashboard.all() {
            let text = try String(contentsOf: GrafanaDashboard.folder.appendingPathComponent(dashboard.file), encoding: .utf8)
            XCTAssertEqual(text.components(separatedBy: "\"uid\": \"civicpulse-analytics\"").count, text.components(separatedBy: "\"datasource\"").count,
                           "every panel, target and variable of \(dashboard.file) names the provisioned data source")
        }
    }

    func testMacrosExpandAsGrafanaDoesAndRefuseWhatTheyDoNotKnow() throws {
        var macros = GrafanaMacros(from: utc("2026-11-16T00:00:00Z"), to: utc("2026-11-23T00:00:00Z"))
        macros.variables["service"] = ["waste", "o'neill"]
        XCTAssertEqual(try macros.expand("SELECT $__timeGroupAlias(occurred_at, '1h') WHERE $__timeFilter(day) AND s IN ($service) AND x[1] = ${service}"),
                       "SELECT floor(extract(epoch from occurred_at)/3600)*3600 AS \"time\" WHERE day BETWEEN '2026-11-16T00:00:00Z' AND '2026-11-23T00:00:00Z'"
                       + " AND s IN ('waste','o''neill') AND x[1] = 'waste','o''neill'")
        XCTAssertEqual(try macros.expand("$__timeTo()::timestamptz - $__timeFrom()"), "'2026-11-23T00:00:00Z'::timestamptz - '2026-11-16T00:00:00Z'")
        XCTAssertThrowsError(try macros.expand("WHERE $__unixEpochFilter(t)"))
        XCTAssertThrowsError(try macros.expand("WHERE org IN ($org)"))
    }
}
