import CLibPQ
import Foundation

extension Connection {
    /// Passes the server's warnings on to standard error as libpq does, except a server's
    /// reason for ending the session (severity FATAL, or a shutdown notice, SQLSTATE
    /// 57P01–57P03): the broken connection that follows is reported as the command's one line,
    /// and the notice beside it would read as a second error.
    func passOnWarnings() {
        PQsetNoticeReceiver(handle, { _, result in
            guard let result else { return }
            if let severity = PQresultErrorField(result, Int32(UInt8(ascii: "V"))), ["FATAL", "PANIC"].contains(String(cString: severity)) { return }
            if let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))), String(cString: state).hasPrefix("57P0") { return }
            guard let message = PQresultErrorMessage(result) else { return }
            FileHandle.standardError.write(Data(String(cString: message).utf8))
        }, nil)
    }
}
