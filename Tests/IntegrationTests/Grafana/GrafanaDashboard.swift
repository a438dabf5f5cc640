import Foundation

/// One of the dashboards shipped in deploy/grafana/dashboards, read as Grafana reads it: the SQL
/// of its template variables (in order: a later one may use an earlier one) and of every panel's
/// targets, rows' nested panels included.
struct GrafanaDashboard {
    let file: String
    let title: String
    let variables: [(name: String, sql: String)]
    let panels: [(title: String, sql: String)]

    static let folder = Fixtures.root.appendingPathComponent("deploy/grafana/dashboards")

    static func all() throws -> [GrafanaDashboard] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted().map { name in
            try GrafanaDashboard(file: name, json: JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(name))))
        }
    }

    init(file: String, json: Any) throws {
        guard let dashboard = json as? [String: Any] else { throw GrafanaMacros.Unknown(description: "\(file) is not a dashboard object") }
        self.file = file
        title = dashboard["title"] as? String ?? file
        let list = (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
        variables = list.filter { $0["type"] as? String == "query" }.map { variable in
            let query = variable["query"]
            let sql = query as? String ?? (query as? [String: Any])?["rawSql"] as? String ?? (query as? [String: Any])?["query"] as? String ?? ""
            return (variable["name"] as? String ?? "", sql)
        }
        func targets(_ panels: [[String: Any]]) -> [(String, String)] {
            panels.flatMap { panel -> [(String, String)] in
                let own = (panel["targets"] as? [[String: Any]] ?? []).map { (panel["title"] as? String ?? "", $0["rawSql"] as? String ?? "") }
                return own + targets(panel["panels"] as? [[String: Any]] ?? [])
            }
        }
        panels = targets(dashboard["panels"] as? [[String: Any]] ?? [])
    }
}
